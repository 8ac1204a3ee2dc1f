import type { Delivery } from "../../api/deliveries";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { formatTime } from "../../utils/format";
import { channelLabel, deliveryStatus, deliveryTarget, eventLabel, lastAttempt } from "./deliveries";

/** The run's Notifications tab: every email and webhook its notification settings sent (job- or
 * task-level), whether it got through, and the last attempt's error. */
export function RunNotifications({ deliveries, error }: { deliveries: Delivery[] | undefined; error: unknown }) {
  if (!deliveries) return error ? <div className="card-body"><ErrorAlert error={error} /></div> : <Spinner />;
  return (
    <>
      {error ? <div className="card-body"><ErrorAlert error={error} /></div> : null}
      {deliveries.length === 0 ? (
        <EmptyState title="No notifications">This run has sent no email or webhook notifications.</EmptyState>
      ) : (
        <table className="table run-deliveries" data-testid="run-deliveries">
          <thead>
            <tr><th>Event</th><th>Task</th><th>Channel</th><th>Recipient</th><th>Status</th><th>Attempts</th><th>Last attempt</th></tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => <DeliveryRow key={delivery.id} delivery={delivery} />)}
          </tbody>
        </table>
      )}
    </>
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const status = deliveryStatus(delivery.status);
  const target = deliveryTarget(delivery);
  const last = lastAttempt(delivery);
  return (
    <tr data-testid="run-delivery" data-event={delivery.event} data-channel={delivery.channel} data-status={delivery.status}>
      <td>{eventLabel(delivery.event)}</td>
      <td>{delivery.task_key ? <code>{delivery.task_key}</code> : <span className="subtle">Job</span>}</td>
      <td>{channelLabel(delivery.channel)}</td>
      <td className="delivery-target">
        {target.name && <div>{target.name}</div>}
        <div className={target.name ? "subtle" : undefined}>{target.address || "—"}</div>
      </td>
      <td><span className={`status-pill tone-${status.tone}`}>{status.label}</span></td>
      <td>{delivery.attempts.length}</td>
      <td className="delivery-last">
        {last ? <time dateTime={last.at} title={last.at}>{formatTime(last.at)}</time> : <span className="subtle">Not yet</span>}
        {last?.error && <div className="delivery-error" data-testid="delivery-error">{last.error}</div>}
      </td>
    </tr>
  );
}
