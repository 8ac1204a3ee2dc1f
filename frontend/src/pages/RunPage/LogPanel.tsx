import { useEffect, useRef, useState } from "react";
import type { RunTask } from "../../api/types";
import { Button } from "../../components/Button";
import { useLogSocket } from "../../realtime/useLogSocket";

/** The live log of a task's latest attempt; follows new text unless paused. */
export function LogPanel({ task }: { task: RunTask }) {
  const tail = useLogSocket(task.run_id);
  const [paused, setPaused] = useState<string | null>(null); // the text frozen on screen
  const box = useRef<HTMLPreElement>(null);
  const shown = paused ?? tail.text;

  useEffect(() => {
    if (paused === null && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, paused]);

  return (
    <div className="card-body" data-testid="log-panel">
      <div className="row">
        <div className="section-title grow">
          Log of <span className="mono">{task.task_key}</span>
          {tail.ended ? " (ended)" : " (live)"}
        </div>
        <Button size="sm" onClick={() => setPaused(paused === null ? tail.text : null)} data-testid="log-pause">
          {paused === null ? "Pause" : "Follow"}
        </Button>
      </div>
      {tail.truncated && <div className="subtle">Earlier output was cut.</div>}
      <pre ref={box} className="mono" data-testid="log-text" style={{ maxHeight: 360, overflow: "auto", whiteSpace: "pre-wrap" }}>
        {shown || (tail.ended ? "(no output)" : "")}
      </pre>
    </div>
  );
}
