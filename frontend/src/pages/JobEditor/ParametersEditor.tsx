import { KeyValueEditor } from "../../components/KeyValueEditor";
import type { JobParameterDefinition } from "../../api/types";

/** Job parameters: name + default, pushed to every task ({{job.parameters.<name>}}). */
export function ParametersEditor({ parameters, onChange }: { parameters: JobParameterDefinition[]; onChange: (parameters: JobParameterDefinition[] | undefined) => void }) {
  return (
    <KeyValueEditor
      label="Job parameters"
      keyLabel="Name"
      valueLabel="Default"
      addLabel="Add parameter"
      pairs={parameters.map((p) => ({ key: p.name, value: p.default }))}
      onChange={(pairs) => {
        const next = pairs.map((pair) => ({ name: pair.key, default: pair.value }));
        onChange(next.length ? next : undefined);
      }}
    />
  );
}
