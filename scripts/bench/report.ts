// The benchmark's table: one row per scenario and level, each set against the floor of its level.
import { opsPerSecond, percentile, type LoadResult } from "./load";

export interface Row {
  clients: number;
  scenario: string;
  result: LoadResult;
  requests: number;
  cpuMsPerOp: number | null;
}

export const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : "-");

export const HEADER = `${"clients".padEnd(8)}${"scenario".padEnd(10)}${"ops".padStart(7)}${"requests".padStart(10)}${"ops/s".padStart(9)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p99 ms".padStart(9)}${"× floor".padStart(9)}${"CPU ms/op".padStart(11)}`;

/** ×floor: this operation's time per op over the floor's time per request (floor req/s ÷ ops/s). */
export function printRow(row: Row, floor: Row): void {
  const rate = opsPerSecond(row.result);
  const cells = [
    String(row.clients).padEnd(8),
    row.scenario.padEnd(10),
    String(row.result.ops).padStart(7),
    String(row.requests).padStart(10),
    fixed(rate).padStart(9),
    fixed(percentile(row.result.latencies, 0.5)).padStart(9),
    fixed(percentile(row.result.latencies, 0.95)).padStart(9),
    fixed(percentile(row.result.latencies, 0.99)).padStart(9),
    fixed(opsPerSecond(floor.result) / rate, 2).padStart(9),
    (row.cpuMsPerOp === null ? "-" : fixed(row.cpuMsPerOp, 2)).padStart(11),
  ];
  console.log(cells.join(""));
}
