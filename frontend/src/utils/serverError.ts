/** Where a Jobs API validation message points: `Task "etl": spark_python_task.python_file must
 * be ...` names the task and the field, so the panel can mark the field itself. */

export interface ServerIssue {
  taskKey: string | null;
  path: string | null;
  message: string;
}

const TASK_MESSAGE = /^Task "([^"]+)": (?:([a-z_]+(?:\.[a-z_]+|\[\d+\])*) )?(.*)$/s;

export function locateServerError(message: string): ServerIssue {
  const match = message.match(TASK_MESSAGE);
  if (!match) return { taskKey: null, path: null, message };
  return { taskKey: match[1], path: match[2] ?? null, message: match[2] ? `${match[3]}` : match[3] };
}
