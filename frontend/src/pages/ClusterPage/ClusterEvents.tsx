import { ListTree } from "lucide-react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { useClusterEvents } from "../../queries/useClusterEvents";
import { describeEvent } from "./describeEvent";

/** Events come seconds apart: show the seconds. */
function eventTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** The cluster's event log, newest first; new events arrive over the socket. */
export function ClusterEvents({ clusterId }: { clusterId: string }) {
  const events = useClusterEvents(clusterId);
  const rows = events.data?.events ?? [];
  return (
    <div className="card">
      <ErrorAlert error={events.error} />
      {events.isPending ? (
        <div className="empty"><Spinner /></div>
      ) : rows.length === 0 ? (
        <EmptyState icon={<ListTree size={28} />} title="No events yet" />
      ) : (
        <table className="table" aria-label="Cluster events">
          <thead>
            <tr>
              <th style={{ width: 190 }}>Time</th>
              <th style={{ width: 190 }}>Event</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((event, index) => (
              <tr key={`${event.timestamp}-${event.type}-${index}`} data-event-type={event.type}>
                <td>{eventTime(event.timestamp)}</td>
                <td>
                  <span className="badge">{event.type.replaceAll("_", " ").toLowerCase()}</span>
                </td>
                <td className="event-details" title={JSON.stringify(event.details)}>
                  {describeEvent(event)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
