/** Small display helpers shared by pages. */

export function formatTime(value: number | string | null | undefined, timeZone?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  try {
    // dateStyle cannot be combined with timeZoneName, so the zone is named after the time.
    const text = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone });
    return timeZone ? `${text} (${timeZone})` : text;
  } catch {
    return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
}

export function formatDuration(ms: number | null | undefined): string {
  if (!ms || ms < 0) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function userName(me: { username?: string; user_name?: string; display_name?: string } | undefined): string {
  return me?.display_name || me?.user_name || me?.username || "";
}
