/** Read and immutably write a dotted path ("sql_task.file.path") in a JSON object. Writing
 * undefined or "" removes the key, so cleared fields do not linger in the saved settings. */

export function getIn(object: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), object);
}

export function setIn<T extends object>(object: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const source = object as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...source };
  if (rest.length === 0) {
    if (value === undefined || value === "") delete copy[head];
    else copy[head] = value;
    return copy as T;
  }
  const child = source[head];
  copy[head] = setIn(child && typeof child === "object" ? (child as object) : {}, rest.join("."), value);
  return copy as T;
}
