import { X } from "lucide-react";
import { Button } from "../../components/Button";
import { NO_FILTERS, RANGES, TRIGGERS, hasFilters, type RunFilters } from "./runFilters";

interface RunFiltersBarProps {
  filters: RunFilters;
  /** The filters to change (the others keep their current value, read when the change applies). */
  onChange: (patch: Partial<RunFilters>) => void;
  /** The statuses offered (the finished-runs list leaves out the active ones). */
  statuses: { value: string; label: string }[];
}

/** Status, trigger and time range of a runs list, as three compact selects. */
export function RunFiltersBar({ filters, onChange, statuses }: RunFiltersBarProps) {
  const select = (name: keyof RunFilters, label: string, any: string, options: { value: string; label: string }[]) => (
    <select
      className="select runs-filter"
      aria-label={label}
      value={filters[name]}
      onChange={(event) => onChange({ [name]: event.target.value })}
    >
      <option value="">{any}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>{option.label}</option>
      ))}
    </select>
  );
  return (
    <div className="runs-filters" role="group" aria-label="Filters">
      {select("status", "Status", "Any status", statuses)}
      {select("trigger", "Trigger", "Any trigger", TRIGGERS)}
      {select("range", "Time range", "All time", RANGES)}
      {hasFilters(filters) && (
        <Button variant="ghost" size="sm" icon={<X size={13} />} onClick={() => onChange(NO_FILTERS)}>Clear</Button>
      )}
    </div>
  );
}
