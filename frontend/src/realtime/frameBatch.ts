/** Coalescing: however many socket messages arrive between two frames, the page handles them
 * once, just before the next frame is drawn (50 task state changes a second would otherwise
 * re-render the run 50 times a second, most of them never painted). */

/** Runs `run` once: before the next frame, or after `fallbackMs` where no frame comes (a hidden
 * tab draws none, and its queue must not grow for as long as it stays hidden). Returns a cancel. */
export function nextFrame(run: () => void, fallbackMs = 250): () => void {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    cancel();
    run();
  };
  const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(go) : undefined;
  const timer = setTimeout(go, fallbackMs);
  const cancel = () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  return cancel;
}

export interface Batcher<T> {
  push(item: T): void;
  /** Drop what is queued (it is outdated, or the page left). */
  clear(): void;
}

/** Collects items and hands them to `flush` as one array per `schedule` tick (a frame by default). */
export function frameBatcher<T>(
  flush: (items: T[]) => void,
  schedule: (run: () => void) => () => void = nextFrame,
): Batcher<T> {
  let items: T[] = [];
  let cancel: (() => void) | null = null;
  const run = () => {
    cancel = null;
    const batch = items;
    items = [];
    if (batch.length) flush(batch);
  };
  return {
    push(item) {
      items.push(item);
      cancel ??= schedule(run);
    },
    clear() {
      cancel?.();
      cancel = null;
      items = [];
    },
  };
}
