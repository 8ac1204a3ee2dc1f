/** The one HTTP client: JSON in/out, session cookie + CSRF header on writes, Databricks-style
 * errors ({error_code, message}) thrown as ApiError so forms can show the server's message. */

export class ApiError extends Error {
  readonly status: number;
  readonly errorCode: string;

  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.errorCode = errorCode;
  }
}

function readCookie(name: string): string | null {
  const match = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

let csrfReady: Promise<void> | null = null;

/** Make sure the csrftoken cookie exists (index.html sets it; this covers an expired one). */
export function ensureCsrf(): Promise<void> {
  if (readCookie("csrftoken")) return Promise.resolve();
  csrfReady ??= fetch("/api/ui/auth/csrf", { credentials: "same-origin" }).then(() => undefined);
  return csrfReady;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
  signal?: AbortSignal,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...extraHeaders };
  if (method !== "GET") {
    await ensureCsrf();
    headers["X-CSRFToken"] = readCookie("csrftoken") ?? "";
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text.slice(0, 300) };
  }
  if (!response.ok) {
    const err = (data ?? {}) as { error_code?: string; message?: string; detail?: string };
    if (response.status === 401 || response.status === 403) {
      window.dispatchEvent(new CustomEvent("lakeflow:auth", { detail: response.status }));
    }
    throw new ApiError(
      response.status,
      err.error_code ?? `HTTP_${response.status}`,
      err.message ?? err.detail ?? response.statusText,
    );
  }
  return data as T;
}

export const api = {
  /** `signal`: TanStack Query's, so a superseded fetch is really aborted and refetched. */
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, undefined, query, signal),
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    request<T>("POST", path, body, undefined, undefined, headers),
  put: <T>(path: string, body: unknown = {}) => request<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown = {}) => request<T>("PATCH", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
};
