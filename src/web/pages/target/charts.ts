/** ECharts options of the target page, shared with the public page. */
import { periodLabel } from "../../../core/period.ts";
import type { TTargetDetail } from "../../../server/progress/schemas.ts";
import type { TChartOption } from "../../charts/EChart.tsx";
import type { TLang, TTranslate } from "../../i18n/index.ts";
import { STATUS_COLOR } from "../dashboard/status.tsx";

function vn(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : v.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
}

/** Series with the target line, national benchmark and forecast to the target year. */
export function seriesOption(options: { detail: TTargetDetail; t: TTranslate; lang: TLang }): TChartOption {
  const { detail, t, lang } = options;
  const target = detail.target;
  const labels = detail.series.map((p) => periodLabel(p.period, lang));
  const actual = detail.series.map((p) => p.value);
  const targets = detail.series.map((p) => p.targetValue);
  const forecast = target.forecast;
  const hasForecast = forecast?.targetYear && forecast.projectedValue !== null;
  const x = hasForecast ? [...labels, String(forecast!.targetYear)] : labels;
  const lastIndex = actual.reduce<number>((k, v, i) => (v !== null ? i : k), -1);
  const forecastLine = hasForecast
    ? x.map((_, i) =>
        i === lastIndex
          ? actual[i]
          : i === x.length - 1
            ? // A share cannot pass 100%: the projection of a percentage is drawn capped (the text keeps the figure).
              target.measure === "%"
              ? Math.min(100, forecast!.projectedValue ?? 0)
              : forecast!.projectedValue
            : null,
      )
    : [];
  const targetEnd = target.targetValue;
  return {
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    tooltip: { trigger: "axis", valueFormatter: (v: number | null) => vn(v) },
    legend: { top: 0, type: "scroll" },
    xAxis: {
      type: "category",
      data: x,
      axisLabel: { interval: 0, rotate: x.length > 3 ? 30 : 0, fontSize: 10 },
    },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => vn(v) } },
    series: [
      {
        name: t("target.actualLine"),
        type: "line",
        data: actual,
        connectNulls: true,
        symbolSize: 8,
        lineStyle: { width: 3, color: "#0b5cad" },
        itemStyle: { color: "#0b5cad" },
        markLine: target.benchmark
          ? {
              symbol: "none",
              label: {
                formatter: `${t("target.benchmark")}: ${target.benchmark.display}`,
                position: "insideEndTop",
              },
              lineStyle: { color: "#8250df", type: "dotted", width: 2 },
              data: [{ yAxis: target.benchmark.value }],
            }
          : undefined,
      },
      {
        name: t("target.targetLine"),
        type: "line",
        step: "end",
        data: hasForecast ? [...targets, targetEnd] : targets,
        symbol: "none",
        lineStyle: { type: "dashed", color: STATUS_COLOR.achieved, width: 2 },
        itemStyle: { color: STATUS_COLOR.achieved },
      },
      ...(hasForecast
        ? [
            {
              name: t("target.forecast"),
              type: "line",
              data: forecastLine,
              connectNulls: true,
              lineStyle: { type: "dashed", color: "#9a6700", width: 2 },
              itemStyle: { color: "#9a6700" },
            },
          ]
        : []),
    ],
  };
}

/** Horizontal bars of the child units, coloured by status. */
export function breakdownOption(options: { detail: TTargetDetail; lang: TLang }): TChartOption {
  const rows = [...options.detail.breakdown]
    .filter((b) => b.figure.value !== null)
    .sort((a, b) => (a.figure.value ?? 0) - (b.figure.value ?? 0));
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "item", valueFormatter: (v: number) => vn(v) },
    xAxis: { type: "value", axisLabel: { formatter: (v: number) => vn(v) } },
    yAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: "bar",
        data: rows.map((r) => ({ value: r.figure.value, itemStyle: { color: STATUS_COLOR[r.status] } })),
        label: {
          show: true,
          position: "right",
          formatter: (p: { dataIndex: number }) => rows[p.dataIndex].figure.display,
        },
        barMaxWidth: 18,
      },
    ],
  };
}

/** Height that fits `n` bars. */
export function barHeight(n: number): number {
  return Math.max(160, Math.min(2400, n * 24 + 24));
}
