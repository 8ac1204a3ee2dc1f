import { BookOpen, Box, Coffee, Database, FileCode2, GitBranch, Repeat, Workflow, Waypoints } from "lucide-react";
import type { TaskType } from "../../constants/taskTypes";

const ICONS = {
  notebook: BookOpen,
  python: FileCode2,
  wheel: Box,
  jar: Coffee,
  sql: Database,
  pipeline: Waypoints,
  run_job: Workflow,
  condition: GitBranch,
  for_each: Repeat,
} satisfies Record<TaskType, unknown>;

export function TaskIcon({ type, size = 16 }: { type: TaskType; size?: number }) {
  const Icon = ICONS[type];
  return <Icon size={size} aria-hidden="true" />;
}
