import type { TextareaHTMLAttributes } from "react";
import { Field } from "./Field";

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onChange" | "value"> {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: string;
  error?: string | null;
}

export function TextArea({ label, value, onChange, hint, error, className, ...rest }: TextAreaProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <textarea
          id={id}
          className={["textarea", className, error && "invalid"].filter(Boolean).join(" ")}
          value={value ?? ""}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...rest}
        />
      )}
    </Field>
  );
}
