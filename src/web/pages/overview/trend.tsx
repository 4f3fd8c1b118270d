import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import type { TTargetProgress } from "../../../server/progress/schemas.ts";
import { useT } from "../../i18n/index.ts";
import { STATUS_COLOR } from "../dashboard/status.tsx";

/** Forecast categories that mean the target will be missed at the current pace. */
const AT_RISK = new Set(["negligible_progress", "deterioration", "moderate_progress"]);

/** True when the forecast says the target-year value will not be reached. */
export function isAtRisk(t: TTargetProgress): boolean {
  if (!t.forecast) return false;
  if (t.forecast.projectedAchieved === false) return true;
  return AT_RISK.has(t.forecast.category);
}

/** Change since the previous period, coloured by whether it is better. */
export function Trend(props: { target: TTargetProgress }): ReactNode {
  const t = useT();
  const p = props.target.previous;
  if (!p || p.direction === null) return <span style={{ color: "#6e7781" }}>—</span>;
  const color = p.better === null ? "#6e7781" : p.better ? STATUS_COLOR.achieved : STATUS_COLOR.behind;
  const icon =
    p.direction === "up" ? (
      <ArrowUpOutlined />
    ) : p.direction === "down" ? (
      <ArrowDownOutlined />
    ) : (
      <MinusOutlined />
    );
  return (
    <span style={{ color, whiteSpace: "nowrap" }} title={t("overview.since", { period: p.period })}>
      {icon} {p.changeDisplay}
    </span>
  );
}
