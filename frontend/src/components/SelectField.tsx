import { Field } from "./Field";

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  value: string | undefined;
  options: Option[];
  onChange: (value: string) => void;
  hint?: string;
  error?: string | null;
  placeholder?: string;
  disabled?: boolean;
}

export function SelectField({ label, value, options, onChange, hint, error, placeholder, disabled }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <select
          id={id}
          className={error ? "select invalid" : "select"}
          value={value ?? ""}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
