import { AxisBottom, AxisLeft, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import type { ReactNode } from "react";
import { LocalAxisLabel } from "./chart-time";

// The dashboard's charts, drawn on the server with visx (no script in the browser but the axis
// labels' local time). Colours are Tailwind classes that app/globals.css re-points in the dark
// scheme, and every mark contrasts 3:1 or more with the surface in both. Each chart is one
// image with a name; its numbers are in the table that follows it.

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 52 };
const INNER_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const INNER_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

export interface Series {
  name: string;
  values: number[];
  /** Tailwind classes for the series' marks: a stroke for lines, a fill for bars. */
  className: string;
  /** Drawn dashed, so the lines differ by more than colour. */
  dashed?: boolean;
}

type FormatNumber = (value: number) => string;

function timeTick(unit: "hour" | "day") {
  return function TimeTick({ x, y, formattedValue }: TickRendererProps): ReactNode {
    return (
      <text x={x} y={y} dy="0.3em" textAnchor="middle" className="fill-current text-[11px]">
        {formattedValue ? <LocalAxisLabel iso={formattedValue} unit={unit} /> : null}
      </text>
    );
  };
}

function NumberTick({ x, y, formattedValue }: TickRendererProps): ReactNode {
  return (
    <text x={x} y={y} dx="-0.3em" dy="0.32em" textAnchor="end" className="fill-current text-[11px]">
      {formattedValue}
    </text>
  );
}

function countScale(values: number[]) {
  return scaleLinear<number>({ domain: [0, Math.max(1, ...values)], range: [INNER_HEIGHT, 0], nice: true });
}

function Frame({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full text-slate-600">
      <Group left={MARGIN.left} top={MARGIN.top}>
        {children}
      </Group>
    </svg>
  );
}

function CountAxis({ scale, format }: { scale: ReturnType<typeof countScale>; format: FormatNumber }): ReactNode {
  return (
    <AxisLeft
      scale={scale}
      numTicks={4}
      stroke="currentColor"
      tickStroke="currentColor"
      tickFormat={(value) => format(Number(value))}
      tickComponent={NumberTick}
    />
  );
}

/** The bottom axis of instants, each tick labelled on the reader's clock. */
function TimeAxis<T extends number | string>(props: {
  scale: Parameters<typeof AxisBottom>[0]["scale"];
  tickValues: T[];
  unit: "hour" | "day";
  isoOf: (tick: T) => string | undefined;
}): ReactNode {
  return (
    <AxisBottom
      top={INNER_HEIGHT}
      scale={props.scale}
      tickValues={props.tickValues}
      stroke="currentColor"
      tickStroke="currentColor"
      tickFormat={(tick) => props.isoOf(tick as T)}
      tickComponent={timeTick(props.unit)}
    />
  );
}

/** Lines over instants a day apart (labelled with the reader's dates). */
export function LineChart({ label, instants, series, format }: { label: string; instants: Date[]; series: Series[]; format: FormatNumber }): ReactNode {
  const x = scaleLinear<number>({ domain: [0, Math.max(1, instants.length - 1)], range: [0, INNER_WIDTH] });
  const y = countScale(series.flatMap((line) => line.values));
  const weekly = instants.map((_, index) => index).filter((index) => (instants.length - 1 - index) % 7 === 0);
  return (
    <Frame label={label}>
      {series.map((line) => (
        <LinePath
          key={line.name}
          data={line.values}
          x={(_, index) => x(index)}
          y={(value) => y(value)}
          className={line.className}
          strokeWidth={2.5}
          strokeDasharray={line.dashed ? "6 4" : undefined}
          fill="none"
        />
      ))}
      <CountAxis scale={y} format={format} />
      <TimeAxis scale={x} tickValues={weekly} unit="day" isoOf={(index) => instants[Number(index)]?.toISOString()} />
    </Frame>
  );
}

/** Bars per hour, one per series side by side (labelled with the reader's hours). */
export function HourlyBarChart({ label, hours, series, format }: { label: string; hours: Date[]; series: Series[]; format: FormatNumber }): ReactNode {
  const keys = hours.map((hour) => hour.toISOString());
  const x = scaleBand<string>({ domain: keys, range: [0, INNER_WIDTH], padding: 0.2 });
  const inner = scaleBand<string>({ domain: series.map((bars) => bars.name), range: [0, x.bandwidth()], padding: 0.05 });
  const y = countScale(series.flatMap((bars) => bars.values));
  const sixHourly = keys.filter((_, index) => (keys.length - 1 - index) % 6 === 0);
  return (
    <Frame label={label}>
      {keys.map((key, hour) => (
        <Group key={key} left={x(key) ?? 0}>
          {series.map((bars) => {
            const value = bars.values[hour] ?? 0;
            return (
              <Bar key={bars.name} x={inner(bars.name) ?? 0} y={y(value)} width={inner.bandwidth()} height={INNER_HEIGHT - y(value)} className={bars.className} />
            );
          })}
        </Group>
      ))}
      <CountAxis scale={y} format={format} />
      <TimeAxis scale={x} tickValues={sixHourly} unit="hour" isoOf={(key) => String(key)} />
    </Frame>
  );
}

const BAR_ROW = 28;
const LABEL_WIDTH = 180;

/** One horizontal bar per row: its outline is the total, its filled part the subset (synced). */
export function PartBarChart({ label, rows, format }: { label: string; rows: { name: string; total: number; part: number }[]; format: FormatNumber }): ReactNode {
  const height = rows.length * BAR_ROW + 8;
  const barsWidth = WIDTH - LABEL_WIDTH - 64;
  const x = scaleLinear<number>({ domain: [0, Math.max(1, ...rows.map((row) => row.total))], range: [0, barsWidth] });
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full text-slate-700">
      {rows.map((row, index) => (
        <Group key={row.name} top={index * BAR_ROW + 4}>
          <text x={LABEL_WIDTH - 8} y={BAR_ROW / 2 - 2} dy="0.32em" textAnchor="end" className="fill-current text-[12px]">
            {row.name}
          </text>
          <Bar x={LABEL_WIDTH} y={2} width={Math.max(1, x(row.total))} height={BAR_ROW - 8} className="fill-white stroke-brand-600" strokeWidth={1.5} />
          <Bar x={LABEL_WIDTH} y={2} width={x(row.part)} height={BAR_ROW - 8} className="fill-brand-600" />
          <text x={LABEL_WIDTH + x(row.total) + 6} y={BAR_ROW / 2 - 2} dy="0.32em" className="fill-current text-[12px]">
            {format(row.total)}
          </text>
        </Group>
      ))}
    </svg>
  );
}

/** The key to a chart's colours, as text beside each swatch. */
export function Legend({ entries }: { entries: { name: string; swatch: string }[] }): ReactNode {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700" aria-hidden="true">
      {entries.map((entry) => (
        <li key={entry.name} className="flex items-center gap-1.5">
          <span className={`inline-block h-3 w-5 rounded-sm ${entry.swatch}`} />
          {entry.name}
        </li>
      ))}
    </ul>
  );
}
