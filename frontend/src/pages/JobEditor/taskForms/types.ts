import type { TaskBody } from "../../../api/types";

/** What every task-type form gets: the task, a path setter and the client-side issues by path. */
export interface TaskFormProps {
  task: TaskBody;
  set: (path: string, value: unknown) => void;
  errors: Record<string, string>;
  /** Prefix of the paths in `errors` (for_each nests a task). */
  prefix?: string;
}

export const parseList = (text: string): string[] => text.split("\n").map((line) => line.trim()).filter(Boolean);
