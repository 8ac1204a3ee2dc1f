/** "● live" while the compute socket is open (the lists are kept current), else "○ reconnecting". */
export function LiveIndicator({ connected }: { connected: boolean }) {
  return (
    <span
      className="live-indicator"
      data-testid="live-indicator"
      data-live={connected ? "true" : "false"}
      title={connected ? "States update live" : "Reconnecting; the list refreshes when it is back"}
    >
      {connected ? "● live" : "○ reconnecting"}
    </span>
  );
}
