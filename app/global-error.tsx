"use client";

import type { ReactNode } from "react";
import "./globals.css";

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  return (
    <html lang="en">
      <body className="mx-auto max-w-md px-4 py-16">
        <h1 className="text-xl font-semibold text-slate-900">This page couldn&apos;t load</h1>
        <p className="mt-3 text-sm text-slate-600">
          We may be unable to reach our database right now. Nothing was lost; please try again in a minute.
        </p>
        <button type="button" className="mt-6 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
