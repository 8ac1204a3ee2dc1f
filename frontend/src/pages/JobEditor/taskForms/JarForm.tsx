import { ListEditor } from "../../../components/ListEditor";
import { TextField } from "../../../components/TextField";
import type { TaskFormProps } from "./types";

export function JarForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  const jars = (task.libraries ?? []).filter((library) => library.jar).map((library) => library.jar as string);
  const others = (task.libraries ?? []).filter((library) => !library.jar);
  return (
    <>
      <TextField label="Main class" value={task.spark_jar_task?.main_class_name} onChange={(v) => set("spark_jar_task.main_class_name", v)} placeholder="com.example.Main" error={errors[`${prefix}spark_jar_task.main_class_name`]} />
      <ListEditor label="JARs" items={jars} placeholder="/Workspace/libs/app.jar" addLabel="Add JAR" onChange={(items) => set("libraries", [...items.map((jar) => ({ jar })), ...others])} />
      <ListEditor label="Parameters" items={task.spark_jar_task?.parameters ?? []} onChange={(items) => set("spark_jar_task.parameters", items.length ? items : undefined)} addLabel="Add argument" />
    </>
  );
}
