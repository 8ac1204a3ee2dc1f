import { taskTypeOf } from "../../../constants/taskTypes";
import { ConditionForm } from "./ConditionForm";
import { ForEachForm } from "./ForEachForm";
import { JarForm } from "./JarForm";
import { NotebookForm } from "./NotebookForm";
import { PipelineForm } from "./PipelineForm";
import { PythonForm } from "./PythonForm";
import { RunJobForm } from "./RunJobForm";
import { SqlForm } from "./SqlForm";
import type { TaskFormProps } from "./types";
import { WheelForm } from "./WheelForm";

const FORMS = {
  notebook: NotebookForm,
  python: PythonForm,
  wheel: WheelForm,
  jar: JarForm,
  sql: SqlForm,
  pipeline: PipelineForm,
  run_job: RunJobForm,
  condition: ConditionForm,
  for_each: ForEachForm,
};

/** The form for the task's type. */
export function TaskTypeForm(props: TaskFormProps) {
  const Form = FORMS[taskTypeOf(props.task)];
  return <Form {...props} />;
}
