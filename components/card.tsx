import type { ReactNode } from "react";

export function Card({ children }: { children: ReactNode }): ReactNode {
  return (
    <div className="mx-auto w-full max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
  );
}
