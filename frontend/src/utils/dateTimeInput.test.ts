import { describe, expect, it } from "vitest";
import { fromDateTimeInput, toDateTimeInput } from "./dateTimeInput";

describe("datetime-local values", () => {
  it("reads a UTC value as that instant", () => {
    expect(fromDateTimeInput("2026-01-01T10:00", "UTC")).toBe(Date.UTC(2026, 0, 1, 10, 0));
  });

  it("reads a local value in the browser's time zone", () => {
    expect(fromDateTimeInput("2026-07-14T06:30")).toBe(new Date(2026, 6, 14, 6, 30).getTime());
  });

  it("takes the seconds the browser adds when a step asks for them", () => {
    expect(fromDateTimeInput("2026-01-01T10:00:30", "UTC")).toBe(Date.UTC(2026, 0, 1, 10, 0, 30));
  });

  it.each(["local", "UTC"] as const)("round-trips a minute in %s", (zone) => {
    const ms = Date.UTC(2026, 2, 29, 23, 45);
    expect(fromDateTimeInput(toDateTimeInput(ms, zone), zone)).toBe(ms);
  });

  it("drops seconds when showing an instant", () => {
    expect(toDateTimeInput(Date.UTC(2026, 0, 1, 10, 0, 59), "UTC")).toBe("2026-01-01T10:00");
  });

  it.each(["", "2026-01-01", "2026-01-01 10:00", "tomorrow"])("refuses %j", (text) => {
    expect(fromDateTimeInput(text)).toBeNull();
  });
});
