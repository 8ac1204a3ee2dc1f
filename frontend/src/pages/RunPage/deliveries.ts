/** What a run's notification deliveries read as on the run page (pure, tested): the event in
 * words, the channel and where it went, the status as a coloured pill, the last attempt, and
 * whether the list may still change (so the page keeps polling). */
import type { Delivery, DeliveryAttempt } from "../../api/deliveries";
import type { Tone } from "./runGraph";

const EVENTS: Record<string, string> = {
  on_start: "On start",
  on_success: "On success",
  on_failure: "On failure",
  on_duration_warning_threshold_exceeded: "Duration warning",
};

const STATUSES: Record<string, { label: string; tone: Tone }> = {
  PENDING: { label: "Pending", tone: "waiting" },
  RETRYING: { label: "Retrying", tone: "warning" },
  SENT: { label: "Sent", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

/** After a run ends its on_success / on_failure deliveries are created by a Celery task a moment
 * later, so the list is read for a while after the end even when nothing is pending. */
export const SETTLE_MS = 15_000;

export function eventLabel(event: string): string {
  if (EVENTS[event]) return EVENTS[event];
  const words = event.replace(/^on_/, "").replaceAll("_", " ");
  return `On ${words}`;
}

export function deliveryStatus(status: string): { label: string; tone: Tone } {
  return STATUSES[status] ?? { label: status.charAt(0) + status.slice(1).toLowerCase(), tone: "muted" };
}

/** Email, or Webhook (a Slack destination is a webhook too: the API does not tell them apart). */
export function channelLabel(channel: string): string {
  return channel === "EMAIL" ? "Email" : channel === "WEBHOOK" ? "Webhook" : channel;
}

/** Where it went: the address, or the destination's name and its URL's scheme and host. */
export function deliveryTarget(delivery: Pick<Delivery, "destination_name" | "recipient">): { name: string | null; address: string } {
  const name = delivery.destination_name && delivery.destination_name !== delivery.recipient ? delivery.destination_name : null;
  return { name, address: delivery.recipient };
}

export function lastAttempt(delivery: Pick<Delivery, "attempts">): DeliveryAttempt | null {
  return delivery.attempts.at(-1) ?? null;
}

export function isFinal(delivery: Pick<Delivery, "status">): boolean {
  return delivery.status === "SENT" || delivery.status === "FAILED";
}

/** Keep reading the run's deliveries while the run is active, while any delivery is not final
 * yet, or for SETTLE_MS after the run ended (its end alerts are still being created). */
export function keepPolling({
  runActive,
  runEndTime,
  now,
  deliveries,
}: {
  runActive: boolean;
  runEndTime: number | undefined;
  now: number;
  deliveries: Pick<Delivery, "status">[] | undefined;
}): boolean {
  if (runActive) return true;
  if ((deliveries ?? []).some((d) => !isFinal(d))) return true;
  return !!runEndTime && now - runEndTime < SETTLE_MS;
}
