import { describe, expect, it } from "vitest";
import { diffLines } from "./diff";

describe("diffLines", () => {
  it("pairs a changed line with its replacement", () => {
    expect(diffLines("a\nb\nc", "a\nB\nc")).toEqual([
      { left: "a", right: "a", kind: "same" },
      { left: "b", right: "B", kind: "changed" },
      { left: "c", right: "c", kind: "same" },
    ]);
  });

  it("shows added and removed lines on one side only", () => {
    const rows = diffLines("a\nc", "a\nb\nc\nd");
    expect(rows.filter((row) => row.kind === "added").map((row) => row.right)).toEqual(["b", "d"]);
    expect(diffLines("x\ny", "y").at(0)).toEqual({ left: "x", right: null, kind: "removed" });
  });
});
