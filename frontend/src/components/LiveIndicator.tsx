interface LiveIndicatorProps {
  connected: boolean;
  /** The tooltip while connected, and while reconnecting (say what the page does meanwhile). */
  liveTitle?: string;
  offlineTitle?: string;
  testId?: string;
}

/** "● live" (green) while the page's socket is open, else "○ reconnecting". */
export function LiveIndicator({
  connected,
  liveTitle = "States update live",
  offlineTitle = "Reconnecting; the page refreshes when it is back",
  testId = "live-indicator",
}: LiveIndicatorProps) {
  return (
    <span
      className="live-indicator"
      data-testid={testId}
      data-live={connected ? "true" : "false"}
      title={connected ? liveTitle : offlineTitle}
    >
      {connected ? "● live" : "○ reconnecting"}
    </span>
  );
}
