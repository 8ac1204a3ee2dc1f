import { History } from "lucide-react";
import type { HistoryEntry } from "./repairHistory";
import { stateLabel } from "./taskStatus";

/** Says the page shows a past entry of the repair history, not the live run, with the way back. */
export function PastRepairBanner({ entry, onLatest }: { entry: HistoryEntry; onLatest: () => void }) {
  return (
    <div className="alert info run-past-repair" role="status" data-testid="past-repair-banner">
      <History size={16} />
      <div className="grow">
        You are looking at a past state of this run: <strong>{entry.label}</strong>
        {entry.state ? <> (ended {stateLabel(entry.state).toLowerCase()})</> : null} — the tasks as they stood
        when it ended. Actions apply to the latest state of the run.
      </div>
      <button type="button" className="link-button" onClick={onLatest} data-testid="past-repair-latest">
        Back to Latest
      </button>
    </div>
  );
}
