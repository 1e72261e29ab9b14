import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Panel } from "@/components/panel";
import { LocalTime, RelativeTime } from "@/components/time";
import type { OperationsOverview, ProviderCount } from "@/lib/server/operations/dashboard";
import { HourlyBarChart, Legend, LineChart, PartBarChart } from "./charts";
import { DataTable } from "./data-table";

// Series colours: each pairs with white and with the dark scheme's surface at 3:1 or more, and
// the two lines differ by dash as well as colour.
const ACCOUNTS = { line: "stroke-brand-600", swatch: "bg-brand-600" };
const PASSKEYS = { line: "stroke-emerald-800", swatch: "bg-emerald-800" };
const SUCCESSES = { bar: "fill-brand-600", swatch: "bg-brand-600" };
const FAILURES = { bar: "fill-red-700", swatch: "bg-red-700" };

export async function Dashboard({ overview }: { overview: OperationsOverview }): Promise<ReactNode> {
  const [t, format] = await Promise.all([getTranslations("operator"), getFormatter()]);
  const number = (value: number): string => format.number(value);
  const { growth, providers, signIns, refusals, outbox } = overview;
  const providerName = (entry: ProviderCount): string => (entry.other ? t("providers.other") : (entry.provider ?? t("providers.unknown")));
  const reasonName = (reason: string): string => (t.has(`reasons.${reason}` as "reasons.other") ? t(`reasons.${reason}` as "reasons.other") : reason);
  const totalPasskeys = providers.reduce((sum, entry) => sum + entry.passkeys, 0);
  const syncedPasskeys = providers.reduce((sum, entry) => sum + entry.synced, 0);

  return (
    <>
      <Panel headingId="growth-heading" title={t("growth.heading")}>
        <div className="mt-4">
          <LineChart
            label={t("growth.chart")}
            instants={growth.map((point) => point.at)}
            format={number}
            series={[
              { name: t("growth.accounts"), values: growth.map((point) => point.accounts), className: ACCOUNTS.line },
              { name: t("growth.passkeys"), values: growth.map((point) => point.passkeys), className: PASSKEYS.line, dashed: true },
            ]}
          />
          <Legend
            entries={[
              { name: t("growth.accounts"), swatch: ACCOUNTS.swatch },
              { name: t("growth.passkeys"), swatch: PASSKEYS.swatch },
            ]}
          />
        </div>
        <p className="mt-2 text-sm text-slate-600">{t("growth.note")}</p>
        <DataTable
          caption={t("growth.caption")}
          columns={[t("growth.time"), t("growth.accounts"), t("growth.passkeys")]}
          rows={growth.map((point) => ({
            key: point.at.toISOString(),
            header: <LocalTime iso={point.at.toISOString()} />,
            cells: [number(point.accounts), number(point.passkeys)],
          }))}
        />
      </Panel>

      <Panel headingId="providers-heading" title={t("providers.heading")}>
        {totalPasskeys === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("providers.none")}</p>
        ) : (
          <>
            <p className="mt-2 text-sm text-slate-700">
              {t("providers.syncedShare", {
                percent: format.number(syncedPasskeys / totalPasskeys, { style: "percent", maximumFractionDigits: 0 }),
                synced: number(syncedPasskeys),
                total: number(totalPasskeys),
              })}
            </p>
            <div className="mt-4">
              <PartBarChart
                label={t("providers.chart")}
                format={number}
                rows={providers.map((entry) => ({ name: providerName(entry), total: entry.passkeys, part: entry.synced }))}
              />
              <Legend
                entries={[
                  { name: t("providers.passkeys"), swatch: "border-2 border-brand-600 bg-white" },
                  { name: t("providers.synced"), swatch: "bg-brand-600" },
                ]}
              />
            </div>
            <DataTable
              caption={t("providers.caption")}
              columns={[t("providers.provider"), t("providers.passkeys"), t("providers.synced")]}
              rows={providers.map((entry) => ({ key: providerName(entry), header: providerName(entry), cells: [number(entry.passkeys), number(entry.synced)] }))}
            />
          </>
        )}
      </Panel>

      <HourlyPanel
        id="sign-ins"
        title={t("signIns.heading")}
        chartLabel={t("signIns.chart")}
        caption={t("signIns.caption")}
        hourColumn={t("signIns.hour")}
        hours={signIns.hours.map((hour) => hour.hour)}
        number={number}
        series={[
          { name: t("signIns.successes"), values: signIns.hours.map((hour) => hour.successes), ...SUCCESSES },
          { name: t("signIns.failures"), values: signIns.hours.map((hour) => hour.failures), ...FAILURES },
        ]}
        breakdown={{
          caption: t("signIns.reasonsCaption"),
          columns: [t("signIns.reason"), t("signIns.failures")],
          empty: t("signIns.noFailures"),
          rows: signIns.reasons.map((entry) => ({ key: entry.reason, header: reasonName(entry.reason), count: entry.count })),
        }}
      />

      <HourlyPanel
        id="refusals"
        title={t("refusals.heading")}
        chartLabel={t("refusals.chart")}
        caption={t("refusals.caption")}
        hourColumn={t("refusals.hour")}
        hours={refusals.hours.map((hour) => hour.hour)}
        number={number}
        series={[{ name: t("refusals.refusals"), values: refusals.hours.map((hour) => hour.count), ...FAILURES }]}
        breakdown={{
          caption: t("refusals.limitsCaption"),
          columns: [t("refusals.limit"), t("refusals.refusals")],
          empty: t("refusals.none"),
          rows: refusals.limits.map((entry) => ({ key: entry.reason, header: <code>{entry.reason}</code>, count: entry.count })),
        }}
      />

      <Panel headingId="outbox-heading" title={t("outbox.heading")}>
        <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-600">{t("outbox.queued")}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{number(outbox.queued)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("outbox.failed")}</dt>
            <dd className={`text-2xl font-semibold tabular-nums ${outbox.failed > 0 ? "text-red-700" : ""}`}>{number(outbox.failed)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("outbox.oldest")}</dt>
            <dd className="font-medium">
              {outbox.oldestQueuedAt ? (
                <RelativeTime iso={outbox.oldestQueuedAt.toISOString()} now={overview.now.toISOString()} />
              ) : (
                t("outbox.noneQueued")
              )}
            </dd>
          </div>
        </dl>
      </Panel>
    </>
  );
}

interface HourlyPanelProps {
  id: string;
  title: string;
  chartLabel: string;
  caption: string;
  hourColumn: string;
  hours: Date[];
  number: (value: number) => string;
  series: { name: string; values: number[]; bar: string; swatch: string }[];
  /** The window's total by reason (or by limit), in a second table. */
  breakdown: { caption: string; columns: string[]; empty: string; rows: { key: string; header: ReactNode; count: number }[] };
}

/** Counts per hour: the chart, its key, its table, then the same window by reason. */
function HourlyPanel({ id, title, chartLabel, caption, hourColumn, hours, number, series, breakdown }: HourlyPanelProps): ReactNode {
  return (
    <Panel headingId={`${id}-heading`} title={title}>
      <div className="mt-4">
        <HourlyBarChart label={chartLabel} hours={hours} format={number} series={series.map((bars) => ({ ...bars, className: bars.bar }))} />
        <Legend entries={series} />
      </div>
      <DataTable
        caption={caption}
        columns={[hourColumn, ...series.map((bars) => bars.name)]}
        rows={hours.map((hour, index) => ({
          key: hour.toISOString(),
          header: <LocalTime iso={hour.toISOString()} />,
          cells: series.map((bars) => number(bars.values[index] ?? 0)),
        }))}
      />
      {breakdown.rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">{breakdown.empty}</p>
      ) : (
        <DataTable
          caption={breakdown.caption}
          columns={breakdown.columns}
          rows={breakdown.rows.map((row) => ({ key: row.key, header: row.header, cells: [number(row.count)] }))}
        />
      )}
    </Panel>
  );
}
