/** /api/ui/notifications/deliveries: every notification a run sent (lakeflow/notifications/api). */
import { api } from "./client";

/** PENDING: not attempted yet; RETRYING: an attempt failed, another is scheduled; SENT and FAILED
 * are final. */
export type DeliveryStatus = "PENDING" | "RETRYING" | "SENT" | "FAILED";

export interface DeliveryAttempt {
  /** ISO time of the attempt. */
  at: string;
  /** The webhook's HTTP status (null for email and for a connection that failed). */
  status_code: number | null;
  /** "" when the attempt got through. */
  error: string;
}

export interface Delivery {
  id: number;
  run_id: number;
  /** "" for a job-level notification. */
  task_key: string;
  /** on_start, on_success, on_failure, on_duration_warning_threshold_exceeded. */
  event: string;
  channel: "EMAIL" | "WEBHOOK";
  destination_id: string | null;
  destination_name: string | null;
  /** An email address, or a webhook URL's scheme and host only. */
  recipient: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Epoch milliseconds. */
  created_time: number;
}

export const deliveries = {
  list: (run_id: number, signal?: AbortSignal) =>
    api.get<{ deliveries: Delivery[] }>("/api/ui/notifications/deliveries", { run_id }, signal),
};
