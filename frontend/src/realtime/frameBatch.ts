/** Coalescing: however many socket messages arrive between two updates, the page handles them
 * once, just before a frame is drawn, and at most once per `minGapMs` (50 task state changes a
 * second would otherwise re-render — and, without a GPU, repaint — the run 50 times a second). */

/** Runs `run` once: before the first frame after `delayMs`, or `fallbackMs` after that where no
 * frame comes (a hidden tab draws none, and its queue must not grow for as long as it stays
 * hidden). Returns a cancel. */
export function nextFrame(run: () => void, delayMs = 0, fallbackMs = 250): () => void {
  let done = false;
  let frame: number | undefined;
  let fallback: ReturnType<typeof setTimeout> | undefined;
  const go = () => {
    if (done) return;
    cancel();
    run();
  };
  const wait = () => {
    if (typeof requestAnimationFrame === "function") frame = requestAnimationFrame(go);
    fallback = setTimeout(go, fallbackMs);
  };
  const delay = delayMs > 0 ? setTimeout(wait, delayMs) : (wait(), undefined);
  const cancel = () => {
    done = true;
    clearTimeout(delay);
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(fallback);
  };
  return cancel;
}

export interface Batcher<T> {
  push(item: T): void;
  /** Drop what is queued (it is outdated, or the page left). */
  clear(): void;
}

export type Schedule = (run: () => void, delayMs: number) => () => void;

/** Collects items and hands them to `flush` as one array: at the next frame when the last flush
 * is at least `minGapMs` old (a lone event shows at once), else at the first frame after that. */
export function frameBatcher<T>(
  flush: (items: T[]) => void,
  { minGapMs = 0, schedule = nextFrame, now = () => performance.now() }: { minGapMs?: number; schedule?: Schedule; now?: () => number } = {},
): Batcher<T> {
  let items: T[] = [];
  let cancel: (() => void) | null = null;
  let last = -Infinity;
  const run = () => {
    cancel = null;
    last = now();
    const batch = items;
    items = [];
    if (batch.length) flush(batch);
  };
  return {
    push(item) {
      items.push(item);
      cancel ??= schedule(run, Math.max(0, last + minGapMs - now()));
    },
    clear() {
      cancel?.();
      cancel = null;
      items = [];
    },
  };
}
