import { Plus, X } from "lucide-react";
import { Button } from "./Button";

interface Pair {
  key: string;
  value: string;
}

interface KeyValueEditorProps {
  label: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  keyLabel?: string;
  valueLabel?: string;
  addLabel?: string;
}

/** Rows of key/value inputs (tags, parameters, env vars). */
export function KeyValueEditor({ label, pairs, onChange, keyLabel = "Key", valueLabel = "Value", addLabel = "Add" }: KeyValueEditorProps) {
  const update = (index: number, patch: Partial<Pair>) =>
    onChange(pairs.map((pair, i) => (i === index ? { ...pair, ...patch } : pair)));
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      {pairs.map((pair, index) => (
        <div className="kv-row" key={index}>
          <input className="input" aria-label={`${label} ${keyLabel} ${index + 1}`} placeholder={keyLabel} value={pair.key} onChange={(e) => update(index, { key: e.target.value })} />
          <input className="input" aria-label={`${label} ${valueLabel} ${index + 1}`} placeholder={valueLabel} value={pair.value} onChange={(e) => update(index, { value: e.target.value })} />
          <Button variant="ghost" size="sm" icon={<X size={14} />} label={`Remove ${label} ${index + 1}`} onClick={() => onChange(pairs.filter((_, i) => i !== index))} />
        </div>
      ))}
      <div>
        <Button size="sm" icon={<Plus size={14} />} onClick={() => onChange([...pairs, { key: "", value: "" }])}>
          {addLabel}
        </Button>
      </div>
    </div>
  );
}

export const toPairs = (record: Record<string, string> | undefined): Pair[] =>
  Object.entries(record ?? {}).map(([key, value]) => ({ key, value: String(value) }));

export const fromPairs = (pairs: Pair[]): Record<string, string> =>
  Object.fromEntries(pairs.filter((pair) => pair.key.trim()).map((pair) => [pair.key.trim(), pair.value]));
