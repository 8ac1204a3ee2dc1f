import { ApiError } from "../api/client";

/** Shows the server's message (Databricks error_code + message) or any other error. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? `${error.message}${error.errorCode.startsWith("HTTP_") ? "" : ` (${error.errorCode})`}`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="alert danger" role="alert">
      {message}
    </div>
  );
}
