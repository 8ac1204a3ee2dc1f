const KIND: Record<string, string> = {
  RUNNING: "success",
  PENDING: "accent",
  RESTARTING: "accent",
  RESIZING: "accent",
  TERMINATING: "accent",
  STARTING: "accent",
  STOPPING: "accent",
  ERROR: "danger",
  DELETING: "warning",
};

const MOVING = new Set(["PENDING", "RESTARTING", "RESIZING", "TERMINATING", "STARTING", "STOPPING"]);

/** A cluster's or warehouse's state (green when up, blue while changing, red on error). */
export function ComputeStateBadge({ state }: { state: string | undefined }) {
  const value = state ?? "UNKNOWN";
  return (
    <span className={`badge compute-state ${KIND[value] ?? ""}`} data-state={value}>
      <span className={MOVING.has(value) ? "state-dot moving" : "state-dot"} aria-hidden="true" />
      {value.replaceAll("_", " ").toLowerCase()}
    </span>
  );
}
