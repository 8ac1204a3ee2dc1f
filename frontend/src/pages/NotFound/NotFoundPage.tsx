import { Link } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="Page not found">
        <Link to="/jobs">Back to jobs</Link>
      </EmptyState>
    </div>
  );
}
