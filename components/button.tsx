import type { ButtonHTMLAttributes, ReactNode } from "react";

const STYLES = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-600/60",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
  quiet: "text-brand-700 hover:bg-brand-50 disabled:text-slate-400",
} as const;

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof STYLES };

export function Button({ variant = "primary", className, type = "button", ...props }: ButtonProps): ReactNode {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold transition-colors disabled:cursor-not-allowed ${STYLES[variant]} ${className ?? ""}`}
      {...props}
    />
  );
}
