import type { ButtonHTMLAttributes, ReactNode } from "react";

type Variant = "default" | "primary" | "danger" | "ghost";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: "md" | "sm";
  icon?: ReactNode;
  /** Icon-only button: `label` becomes its accessible name and tooltip. */
  label?: string;
}

export function Button({ variant = "default", size = "md", icon, label, className, children, ...rest }: ButtonProps) {
  const classes = ["btn", variant !== "default" && variant, size === "sm" && "sm", !children && icon && "icon", className]
    .filter(Boolean)
    .join(" ");
  return (
    <button type="button" className={classes} aria-label={label} title={label} {...rest}>
      {icon}
      {children}
    </button>
  );
}
