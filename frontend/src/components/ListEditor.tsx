import { Plus, X } from "lucide-react";
import { Button } from "./Button";

interface ListEditorProps {
  label: string;
  items: string[];
  onChange: (items: string[]) => void;
  placeholder?: string;
  addLabel?: string;
}

/** An ordered list of strings (command-line parameters, jar paths, emails). */
export function ListEditor({ label, items, onChange, placeholder, addLabel = "Add" }: ListEditorProps) {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      {items.map((item, index) => (
        <div className="list-row" key={index}>
          <input
            className="input"
            aria-label={`${label} ${index + 1}`}
            placeholder={placeholder}
            value={item}
            onChange={(e) => onChange(items.map((old, i) => (i === index ? e.target.value : old)))}
          />
          <Button variant="ghost" size="sm" icon={<X size={14} />} label={`Remove ${label} ${index + 1}`} onClick={() => onChange(items.filter((_, i) => i !== index))} />
        </div>
      ))}
      <div>
        <Button size="sm" icon={<Plus size={14} />} onClick={() => onChange([...items, ""])}>
          {addLabel}
        </Button>
      </div>
    </div>
  );
}
