import { describe, expect, it } from "vitest";
import { frameBatcher } from "./frameBatch";

/** A schedule that runs when the test says a frame came. */
function manualFrames() {
  let pending: (() => void) | null = null;
  return {
    schedule: (run: () => void) => {
      pending = run;
      return () => {
        pending = null;
      };
    },
    frame: () => {
      const run = pending;
      pending = null;
      run?.();
    },
  };
}

describe("frameBatcher", () => {
  it("hands everything pushed between two frames over once, in order", () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batch = frameBatcher<number>((items) => flushed.push(items), frames.schedule);
    for (let i = 0; i < 50; i++) batch.push(i);
    frames.frame();
    batch.push(50);
    frames.frame();
    frames.frame(); // nothing queued: no flush
    expect(flushed).toEqual([Array.from({ length: 50 }, (_, i) => i), [50]]);
  });

  it("drops what is queued on clear, and keeps working after it", () => {
    const frames = manualFrames();
    const flushed: string[][] = [];
    const batch = frameBatcher<string>((items) => flushed.push(items), frames.schedule);
    batch.push("old");
    batch.clear();
    frames.frame();
    batch.push("new");
    frames.frame();
    expect(flushed).toEqual([["new"]]);
  });
});
