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
