import { useEffect, useRef, useState, type ReactNode } from "react";
import type { RunTask } from "../../api/types";
import { Button } from "../../components/Button";
import { useLogSocket } from "../../realtime/useLogSocket";

/** The live log of a task attempt over its websocket; follows new text unless paused. */
export function LogPanel({ task }: { task: RunTask }) {
  const tail = useLogSocket(task.run_id);
  const [paused, setPaused] = useState<string | null>(null); // the text frozen on screen
  return (
    <LogBox
      taskKey={task.task_key}
      text={paused ?? tail.text}
      ended={tail.ended}
      truncated={tail.truncated}
      follow={paused === null}
      action={
        <Button size="sm" onClick={() => setPaused(paused === null ? tail.text : null)} data-testid="log-pause">
          {paused === null ? "Pause" : "Follow"}
        </Button>
      }
    />
  );
}

/** The whole log of an ended attempt, as runs/get-output returned it (no websocket needed). */
export function EndedLog({ taskKey, text, truncated }: { taskKey: string; text: string; truncated?: boolean }) {
  return <LogBox taskKey={taskKey} text={text} ended truncated={Boolean(truncated)} follow={false} />;
}

function LogBox({
  taskKey,
  text,
  ended,
  truncated,
  follow,
  action,
}: {
  taskKey: string;
  text: string;
  ended: boolean;
  truncated: boolean;
  follow: boolean;
  action?: ReactNode;
}) {
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text, follow]);
  return (
    <div className="card-body" data-testid="log-panel">
      <div className="row">
        <div className="section-title grow">
          Log of <span className="mono">{taskKey}</span>
          {ended ? " (ended)" : " (live)"}
        </div>
        {action}
      </div>
      {truncated && <div className="subtle">Earlier output was cut.</div>}
      <pre ref={box} className="mono log-text" data-testid="log-text">
        {text || (ended ? "(no output)" : "")}
      </pre>
    </div>
  );
}
