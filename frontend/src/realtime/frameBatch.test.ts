import { describe, expect, it } from "vitest";
import { frameBatcher } from "./frameBatch";

/** A schedule and a clock the test drives: `frame(ms)` lets ms pass, then draws a frame. */
function manualFrames() {
  let time = 0;
  let pending: { run: () => void; at: number } | null = null;
  return {
    now: () => time,
    delays: [] as number[],
    schedule(run: () => void, delayMs: number) {
      this.delays.push(delayMs);
      pending = { run, at: time + delayMs };
      return () => {
        pending = null;
      };
    },
    frame(ms = 16) {
      time += ms;
      if (pending && pending.at <= time) {
        const { run } = pending;
        pending = null;
        run();
      }
    },
  };
}

describe("frameBatcher", () => {
  it("hands everything pushed between two frames over once, in order", () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batch = frameBatcher<number>((items) => flushed.push(items), { schedule: frames.schedule.bind(frames), now: frames.now });
    for (let i = 0; i < 50; i++) batch.push(i);
    frames.frame();
    batch.push(50);
    frames.frame();
    frames.frame(); // nothing queued: no flush
    expect(flushed).toEqual([Array.from({ length: 50 }, (_, i) => i), [50]]);
  });

  it("flushes a lone event at the next frame but at most once per minGapMs in a stream", () => {
    const frames = manualFrames();
    const flushed: number[][] = [];
    const batch = frameBatcher<number>((items) => flushed.push(items), { minGapMs: 100, schedule: frames.schedule.bind(frames), now: frames.now });
    batch.push(1);
    frames.frame(); // first event: next frame
    for (let i = 2; i <= 7; i++) {
      batch.push(i); // one event every 16 ms
      frames.frame();
    }
    expect(flushed).toEqual([[1]]); // 96 ms after the first flush: still waiting
    frames.frame();
    expect(flushed).toEqual([[1], [2, 3, 4, 5, 6, 7]]);
    expect(frames.delays).toEqual([0, 100]);
  });

  it("drops what is queued on clear, and keeps working after it", () => {
    const frames = manualFrames();
    const flushed: string[][] = [];
    const batch = frameBatcher<string>((items) => flushed.push(items), { schedule: frames.schedule.bind(frames), now: frames.now });
    batch.push("old");
    batch.clear();
    frames.frame();
    batch.push("new");
    frames.frame();
    expect(flushed).toEqual([["new"]]);
  });
});
