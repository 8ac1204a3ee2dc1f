import type { TriggerSettings } from "../../../api/types";
import { triggerKind } from "./triggerModes";

/** A trigger kind this editor cannot edit: shown as it is and saved back unchanged. */
export function UnknownTriggerNote({ trigger }: { trigger: TriggerSettings }) {
  const kind = triggerKind(trigger) ?? "";
  return (
    <>
      <div className="alert info" data-testid="unknown-trigger">
        This job has a <code>{kind}</code> trigger, which this editor cannot edit. It is kept as it is when you save; choosing another trigger type replaces it.
      </div>
      <pre className="code-block">{JSON.stringify({ [kind]: trigger[kind] }, null, 2)}</pre>
    </>
  );
}
