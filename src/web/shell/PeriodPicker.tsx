import { Select, Space } from "antd";
import type { ReactNode } from "react";
import { periodLabel, tryParsePeriod } from "../../core/period.ts";
import { useLang, useT } from "../i18n/index.ts";
import { useScope } from "../scope.tsx";

/** The periods offered inside one year, grouped by type, coarsest first (leaders review N9/S1/year). */
function periodsOfYear(year: number): Array<{ type: string; codes: string[] }> {
  const months = Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, "0")}`);
  return [
    { type: "year", codes: [String(year)] },
    { type: "nine_months", codes: [`${year}N9`] },
    { type: "half_year", codes: [`${year}S1`, `${year}S2`] },
    { type: "quarter", codes: [1, 2, 3, 4].map((q) => `${year}Q${q}`) },
    { type: "month", codes: months },
  ];
}

/** Header period selector: a year, then a period of that year (year, 9 months, 6 months, quarter, month). */
export function PeriodPicker(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { period, setPeriod } = useScope();
  const parsed = tryParsePeriod(period);
  const year = parsed?.year ?? new Date().getFullYear();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);

  const changeYear = (y: number) => {
    // Keep the same kind of period in the new year (2026N9 → 2025N9).
    setPeriod(parsed ? period.replace(String(parsed.year), String(y)) : String(y));
  };

  return (
    <Space.Compact>
      <Select<number>
        aria-label={t("header.year")}
        value={year}
        onChange={changeYear}
        options={years.map((y) => ({ value: y, label: String(y) }))}
        style={{ width: 84 }}
        data-testid="year-picker"
      />
      <Select<string>
        aria-label={t("header.period")}
        value={period}
        onChange={setPeriod}
        popupMatchSelectWidth={false}
        options={periodsOfYear(year).map((g) => ({
          label: t(`period.${g.type}`),
          options: g.codes.map((c) => ({ value: c, label: periodLabel(c, lang) })),
        }))}
        style={{ minWidth: 150 }}
        data-testid="period-picker"
      />
    </Space.Compact>
  );
}
