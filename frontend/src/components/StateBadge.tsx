const KIND: Record<string, string> = {
  SUCCESS: "success",
  FAILED: "danger",
  INTERNAL_ERROR: "danger",
  TIMEDOUT: "danger",
  SUCCESS_WITH_FAILURES: "warning",
  RUNNING: "accent",
  PENDING: "accent",
  QUEUED: "accent",
  TERMINATING: "accent",
};

export function StateBadge({ state }: { state: string | undefined }) {
  const value = state ?? "UNKNOWN";
  return <span className={`badge ${KIND[value] ?? ""}`}>{value.replaceAll("_", " ").toLowerCase()}</span>;
}
