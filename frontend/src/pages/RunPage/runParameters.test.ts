import { describe, expect, it } from "vitest";
import { changedValues, parameterValues } from "./runParameters";

describe("parameterValues", () => {
  it("takes the run's value, else the default", () => {
    const run = { job_parameters: [{ name: "a", default: "1", value: "2" }, { name: "b", default: "x" }, { name: "c", value: "v" }] };
    expect(parameterValues(run)).toEqual({ a: "2", b: "x", c: "v" });
    expect(parameterValues({})).toEqual({});
  });
});

describe("changedValues", () => {
  it("keeps only the parameters the user changed", () => {
    expect(changedValues({ a: "1", b: "2" }, { a: "1", b: "3" })).toEqual({ b: "3" });
  });
});
