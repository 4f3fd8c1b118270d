import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { TTargetProgress } from "../../../server/progress/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { STATUS_COLOR, StatusTag, useName } from "../dashboard/status.tsx";
import { isAtRisk, Trend } from "./trend.tsx";

const cell = { padding: "6px 8px", borderBottom: "1px solid #eaeef2", verticalAlign: "top" } as const;

/**
 * The overview's target list as a plain semantic table (desktop) or stacked rows (phone). Plain HTML
 * rather than antd Table keeps the first page's JavaScript small (the budget is 350 KB gzipped).
 */
export function TargetTable(props: {
  targets: TTargetProgress[];
  wide: boolean;
  onOpen(id: number): void;
}): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const link = (x: TTargetProgress) => `/targets/${x.targetId}`;
  if (!props.wide)
    return (
      <ul
        style={{ listStyle: "none", margin: "8px 0 0", padding: 0, background: "#fff", borderRadius: 8 }}
        data-testid="target-list"
      >
        {props.targets.map((x) => (
          <li key={x.targetId} style={{ padding: "8px 12px", borderBottom: "1px solid #eaeef2" }}>
            <Link to={link(x)} style={{ display: "block" }}>
              <strong>{x.code}</strong> {name(x.name, x.nameEn)}
            </Link>
            <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", marginTop: 4 }}>
              <StatusTag status={x.status} />
              <span>
                {x.actual.display} / {x.targetDisplay}
              </span>
              <Trend target={x} />
            </div>
          </li>
        ))}
      </ul>
    );
  const head = (label: string, align: "left" | "right" = "left") => (
    <th
      scope="col"
      style={{ ...cell, textAlign: align, background: "#f6f8fa", fontWeight: 600, whiteSpace: "nowrap" }}
    >
      {label}
    </th>
  );
  return (
    <div style={{ overflowX: "auto", marginTop: 8, background: "#fff", borderRadius: 8 }}>
      <table style={{ width: "100%", borderCollapse: "collapse", fontSize: 14 }} data-testid="target-table">
        <caption className="sr-caption">{t("overview.targets")}</caption>
        <thead>
          <tr>
            {head(t("col.code"))}
            {head(t("col.target"))}
            {head(t("col.actual"), "right")}
            {head(t("col.targetValue"), "right")}
            {head(t("col.status"))}
            {head(t("col.trend"), "right")}
            {head(t("col.forecast"))}
          </tr>
        </thead>
        <tbody>
          {props.targets.map((x) => (
            <tr key={x.targetId} onClick={() => props.onOpen(x.targetId)} style={{ cursor: "pointer" }}>
              <td style={cell}>{x.code}</td>
              <td style={cell}>
                <Link to={link(x)} onClick={(e) => e.stopPropagation()}>
                  {name(x.name, x.nameEn)}
                </Link>
              </td>
              <td style={{ ...cell, textAlign: "right", whiteSpace: "nowrap" }}>{x.actual.display}</td>
              <td style={{ ...cell, textAlign: "right", whiteSpace: "nowrap" }}>
                {x.targetYear ? `${x.targetDisplay} (${x.targetYear})` : x.targetDisplay}
              </td>
              <td style={cell}>
                <StatusTag status={x.status} />
              </td>
              <td style={{ ...cell, textAlign: "right" }}>
                <Trend target={x} />
              </td>
              <td style={{ ...cell, color: isAtRisk(x) ? STATUS_COLOR.behind : undefined }}>
                {x.forecast ? x.forecast.label[lang] : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
