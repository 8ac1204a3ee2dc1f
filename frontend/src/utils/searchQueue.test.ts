import { describe, expect, it } from "vitest";
import { baseOf } from "./searchQueue";

describe("baseOf", () => {
  it("applies a change to what the router shows when nothing is pending", () => {
    expect(baseOf({ seen: "a=1", pending: [] }, "a=1").base).toBe("a=1");
  });

  it("builds on the last change asked for while the router still shows the old URL", () => {
    // "Clear" asked for "" and has not landed: the next filter starts from "", not "status=FAILED".
    expect(baseOf({ seen: "status=FAILED", pending: [""] }, "status=FAILED").base).toBe("");
    expect(baseOf({ seen: "a=1", pending: ["a=2", "a=2&b=1"] }, "a=1").base).toBe("a=2&b=1");
  });

  it("drops the changes the router has shown and keeps the later ones", () => {
    const next = baseOf({ seen: "a=1", pending: ["a=2", "a=2&b=1"] }, "a=2");
    expect(next).toEqual({ seen: "a=2", pending: ["a=2&b=1"], base: "a=2&b=1" });
    expect(baseOf(next, "a=2&b=1")).toEqual({ seen: "a=2&b=1", pending: [], base: "a=2&b=1" });
  });

  it("forgets what was pending when the router shows a URL that is not one of ours", () => {
    expect(baseOf({ seen: "a=1", pending: ["a=2"] }, "page=3")).toEqual({ seen: "page=3", pending: [], base: "page=3" });
  });
});
