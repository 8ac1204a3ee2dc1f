import { describe, expect, it } from "vitest";
import { locateServerError } from "./serverError";

describe("locateServerError", () => {
  it("finds the task and the field", () => {
    expect(locateServerError('Task "etl": spark_python_task.python_file is required.')).toEqual({
      taskKey: "etl",
      path: "spark_python_task.python_file",
      message: "is required.",
    });
  });

  it("finds the task when no field is named", () => {
    expect(locateServerError('Task "b": depends_on names unknown task "x".').taskKey).toBe("b");
  });

  it("leaves job-level messages alone", () => {
    expect(locateServerError("A job can have at most 1000 tasks, got 1001.")).toEqual({
      taskKey: null,
      path: null,
      message: "A job can have at most 1000 tasks, got 1001.",
    });
  });
});
