import type { ReactNode } from "react";

export interface TableRow {
  key: string;
  /** The row's header cell: what the numbers are of (an hour, a provider). */
  header: ReactNode;
  cells: ReactNode[];
}

/** The numbers of the chart before it, as a real table (caption, header cells with scope). */
export function DataTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: TableRow[] }): ReactNode {
  return (
    <table className="mt-4 w-full text-left text-sm">
      <caption className="mb-2 text-left text-sm font-medium text-slate-700">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          {columns.map((column, index) => (
            <th key={column} scope="col" className={`py-1.5 pr-3 font-semibold text-slate-800 ${index > 0 ? "text-right" : ""}`}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-slate-200 last:border-0">
            <th scope="row" className="py-1.5 pr-3 font-normal text-slate-700">
              {row.header}
            </th>
            {row.cells.map((cell, index) => (
              <td key={index} className="py-1.5 pr-3 text-right tabular-nums text-slate-900">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
