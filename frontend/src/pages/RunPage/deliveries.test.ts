import { describe, expect, it } from "vitest";
import type { Delivery } from "../../api/deliveries";
import { channelLabel, deliveryStatus, deliveryTarget, eventLabel, keepPolling, lastAttempt, SETTLE_MS } from "./deliveries";

const delivery = (extra: Partial<Delivery> = {}): Delivery => ({
  id: 1,
  run_id: 7,
  task_key: "",
  event: "on_failure",
  channel: "WEBHOOK",
  destination_id: "d-1",
  destination_name: "ops hook",
  recipient: "http://127.0.0.1:9",
  status: "SENT",
  attempts: [],
  created_time: 0,
  ...extra,
});

describe("eventLabel", () => {
  it.each([
    ["on_start", "On start"],
    ["on_success", "On success"],
    ["on_failure", "On failure"],
    ["on_duration_warning_threshold_exceeded", "Duration warning"],
    ["on_streaming_backlog_exceeded", "On streaming backlog exceeded"],
  ])("reads %s as %s", (event, label) => {
    expect(eventLabel(event)).toBe(label);
  });
});

describe("deliveryStatus", () => {
  it.each([
    ["PENDING", "Pending", "waiting"],
    ["RETRYING", "Retrying", "warning"],
    ["SENT", "Sent", "success"],
    ["FAILED", "Failed", "danger"],
    ["BOUNCED", "Bounced", "muted"],
  ])("shows %s as %s (%s)", (status, label, tone) => {
    expect(deliveryStatus(status)).toEqual({ label, tone });
  });
});

describe("channel and target", () => {
  it("names the channel in words", () => {
    expect([channelLabel("EMAIL"), channelLabel("WEBHOOK"), channelLabel("SMS")]).toEqual(["Email", "Webhook", "SMS"]);
  });

  it("shows a webhook's destination name beside its masked URL", () => {
    expect(deliveryTarget(delivery())).toEqual({ name: "ops hook", address: "http://127.0.0.1:9" });
  });

  it("shows an email address alone when it came from the job's own list", () => {
    expect(deliveryTarget(delivery({ channel: "EMAIL", destination_name: null, recipient: "a@x.test" }))).toEqual({
      name: null,
      address: "a@x.test",
    });
  });
});

describe("lastAttempt", () => {
  it("is the latest attempt, or none before the first", () => {
    const attempts = [
      { at: "2024-01-01T00:00:00Z", status_code: null, error: "refused" },
      { at: "2024-01-01T00:00:02Z", status_code: 500, error: "HTTP 500" },
    ];
    expect(lastAttempt(delivery({ attempts }))).toBe(attempts[1]);
    expect(lastAttempt(delivery())).toBeNull();
  });
});

describe("keepPolling", () => {
  const ended = 1_000_000;
  const late = ended + SETTLE_MS;
  it.each([
    ["the run is active", { runActive: true, runEndTime: undefined, now: late, deliveries: [delivery()] }],
    ["a delivery is pending", { runActive: false, runEndTime: ended, now: late, deliveries: [delivery({ status: "PENDING" })] }],
    ["a delivery is retrying", { runActive: false, runEndTime: ended, now: late, deliveries: [delivery({ status: "RETRYING" })] }],
    ["the run ended a moment ago (its end alerts are on their way)", { runActive: false, runEndTime: ended, now: ended + 1000, deliveries: [] }],
  ])("keeps polling while %s", (_, input) => {
    expect(keepPolling(input)).toBe(true);
  });

  it.each([
    ["every delivery is final and the run ended a while ago", { runActive: false, runEndTime: ended, now: late, deliveries: [delivery(), delivery({ status: "FAILED" })] }],
    ["the run ended a while ago and sent nothing", { runActive: false, runEndTime: ended, now: late, deliveries: undefined }],
  ])("stops once %s", (_, input) => {
    expect(keepPolling(input)).toBe(false);
  });
});
