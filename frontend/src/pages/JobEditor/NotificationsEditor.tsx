import type { EmailNotifications } from "../../api/types";
import { TextField } from "../../components/TextField";

const EVENTS = [
  { key: "on_start", label: "On start" },
  { key: "on_success", label: "On success" },
  { key: "on_failure", label: "On failure" },
] as const;

/** Email notifications: comma-separated addresses per event. */
export function NotificationsEditor({ value, onChange }: { value: EmailNotifications | undefined; onChange: (value: EmailNotifications | undefined) => void }) {
  const set = (key: (typeof EVENTS)[number]["key"], text: string) => {
    const addresses = text.split(",").map((part) => part.trim()).filter(Boolean);
    const next: EmailNotifications = { ...(value ?? {}) };
    if (addresses.length) next[key] = addresses;
    else delete next[key];
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <>
      {EVENTS.map((event) => (
        <TextField key={event.key} label={`Email ${event.label.toLowerCase()}`} value={(value?.[event.key] ?? []).join(", ")} onChange={(text) => set(event.key, text)} placeholder="name@example.com, …" />
      ))}
    </>
  );
}
