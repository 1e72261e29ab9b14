import type { ReactNode } from "react";

/** Errors a person must see: announced by screen readers through role="alert". */
export function ErrorAlert({ message, children }: { message: string; children?: ReactNode }): ReactNode {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
      {children ? <> {children}</> : null}
    </div>
  );
}

/** A change that worked, announced politely through role="status". */
export function SuccessNotice({ children, className }: { children: ReactNode; className?: string }): ReactNode {
  return (
    <p role="status" className={`rounded-lg border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 ${className ?? ""}`}>
      {children}
    </p>
  );
}
