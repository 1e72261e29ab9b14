import type { ReactNode } from "react";

const TONES = {
  plain: "border border-slate-200 bg-white p-6 shadow-sm",
  highlight: "border-2 border-brand-600 bg-brand-50 p-6 shadow-sm",
  warning: "border border-amber-300 bg-amber-50 p-5 text-amber-950",
  danger: "border border-red-300 bg-red-50 p-5 text-red-950",
} as const;

interface PanelProps {
  headingId: string;
  title: ReactNode;
  tone?: keyof typeof TONES;
  headingClassName?: string;
  className?: string;
  children: ReactNode;
}

/** One section of an account page: a region named by its own heading. */
export function Panel({ headingId, title, tone = "plain", headingClassName = "font-semibold", className, children }: PanelProps): ReactNode {
  return (
    <section aria-labelledby={headingId} className={`rounded-2xl ${TONES[tone]} ${className ?? ""}`}>
      <h2 id={headingId} className={headingClassName}>
        {title}
      </h2>
      {children}
    </section>
  );
}
