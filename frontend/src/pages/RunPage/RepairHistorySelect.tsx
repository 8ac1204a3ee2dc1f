import { useId } from "react";
import type { HistoryEntry } from "./repairHistory";

/** The header's "Repair history" picker: the original run, each repair, and Latest (the live
 * run). `value` is the picked entry's key, or undefined for Latest. */
export function RepairHistorySelect({
  entries,
  value,
  onChange,
}: {
  entries: HistoryEntry[];
  value: string | undefined;
  onChange: (key: string | null) => void;
}) {
  const id = useId();
  const latest = entries[entries.length - 1];
  return (
    <div className="row run-history-select">
      <label htmlFor={id} className="subtle">Repair history</label>
      <select
        id={id}
        className="select"
        value={value ?? latest.key}
        onChange={(event) => onChange(event.target.value === latest.key ? null : event.target.value)}
        data-testid="repair-history-select"
      >
        {entries.map((entry) => (
          <option key={entry.key} value={entry.key}>
            {entry.label}
          </option>
        ))}
      </select>
    </div>
  );
}
