"use client";

import type { ReactNode } from "react";
import { PAGE_ERROR_HEADING, PAGE_ERROR_MESSAGE } from "./page-error-text";
import "./globals.css";

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  return (
    <html lang="en">
      <body className="mx-auto max-w-md px-4 py-16">
        <h1 className="text-xl font-semibold text-slate-900">{PAGE_ERROR_HEADING}</h1>
        <p className="mt-3 text-sm text-slate-600">{PAGE_ERROR_MESSAGE}</p>
        <button type="button" className="mt-6 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
