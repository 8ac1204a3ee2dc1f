/** Builders of socket events for the realtime unit tests (not shipped: only tests import it). */
import type { RunStateEvent, TaskRunStateEvent } from "./runEvents";

/** A `task_run.state` event of attempt `id` (of run 1) now in wire state `life` / `result`. */
export function taskEvent(
  id: number,
  life: string,
  { result, key = `t${id}`, start = 0, end = 0, message = "" }: { result?: string; key?: string; start?: number; end?: number; message?: string } = {},
): TaskRunStateEvent {
  const terminated = Boolean(result);
  return {
    type: "task_run.state",
    run_id: 1,
    task_run_id: id,
    task_key: key,
    state: result ?? life, // the internal state (not read by the browser)
    wire_state: result ? { life_cycle_state: life, result_state: result, state_message: message } : { life_cycle_state: life, state_message: message },
    status: { state: terminated ? "TERMINATED" : life },
    attempt_number: 0,
    start_time: start,
    end_time: end,
  };
}

/** A `run.state` event of run 1 now in wire state `life` / `result`. */
export function runEvent(life: string, { result, end = 0, message = "" }: { result?: string; end?: number; message?: string } = {}): RunStateEvent {
  return {
    type: "run.state",
    run_id: 1,
    state: result ?? life, // the internal state (not read by the browser)
    wire_state: result ? { life_cycle_state: life, result_state: result, state_message: message } : { life_cycle_state: life, state_message: message },
    status: { state: result ? "TERMINATED" : life },
    end_time: end,
  };
}
