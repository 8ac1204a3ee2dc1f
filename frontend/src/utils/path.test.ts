import { describe, expect, it } from "vitest";
import { getIn, setIn } from "./path";

describe("setIn", () => {
  it("writes a nested value without touching the original", () => {
    const original = { sql_task: { warehouse_id: "w" } };
    const updated = setIn(original, "sql_task.file.path", "/q.sql");
    expect(updated).toEqual({ sql_task: { warehouse_id: "w", file: { path: "/q.sql" } } });
    expect(original).toEqual({ sql_task: { warehouse_id: "w" } });
  });

  it("removes a key set to empty", () => {
    expect(setIn({ a: { b: "x", c: 1 } }, "a.b", "")).toEqual({ a: { c: 1 } });
  });

  it("reads a missing path as undefined", () => {
    expect(getIn({ a: {} }, "a.b.c")).toBeUndefined();
  });
});
