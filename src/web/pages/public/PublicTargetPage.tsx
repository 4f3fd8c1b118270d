import { Card, Table, Typography } from "antd";
import { type ReactNode, useMemo } from "react";
import { Link, useParams } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import type { TTargetDetail } from "../../../server/progress/schemas.ts";
import { ChoroplethMap } from "../../charts/ChoroplethMap.tsx";
import { EChart } from "../../charts/EChart.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { Loadable, StatusTag, type TStatus, useName } from "../dashboard/status.tsx";
import { seriesOption } from "../target/charts.ts";
import { DownloadButtons, type TCsvColumn } from "./download.tsx";
import { usePublicScope } from "./usePublicScope.ts";

type TPoint = TTargetDetail["series"][number];
type TRow = TTargetDetail["breakdown"][number];

/** A published target: series chart and breakdown map, each with its accessible table and downloads. */
export default function PublicTargetPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const { id } = useParams();
  const scope = usePublicScope();
  const q = scope.unitId && scope.period ? { unitId: scope.unitId, period: scope.period } : undefined;
  const r = useApi<TTargetDetail>(q ? `/public/targets/${id}` : null, q);
  const d = r.data;
  const series = useMemo(() => (d ? seriesOption({ detail: d, t, lang }) : null), [d, t, lang]);
  const rows = useMemo(
    () => (d ? [...d.breakdown].filter((b) => b.figure.source !== "none" || b.status !== "no_data") : []),
    [d],
  );
  const seriesColumns: Array<TCsvColumn<TPoint>> = [
    { header: t("col.period"), value: (p) => p.period },
    { header: t("col.actual"), value: (p) => p.value },
    { header: t("public.shown"), value: (p) => p.display },
    { header: t("col.targetValue"), value: (p) => p.targetValue },
  ];
  const rowColumns: Array<TCsvColumn<TRow>> = [
    { header: t("col.code"), value: (b) => b.code },
    { header: t("col.unit"), value: (b) => b.name },
    { header: t("col.value"), value: (b) => b.figure.value },
    { header: t("public.shown"), value: (b) => b.figure.display },
    { header: t("col.status"), value: (b) => t(`status.${b.status}`) },
  ];
  const file = d ? `dxm-${d.unit.code}-${d.target.code}-${scope.period}` : "dxm";

  return (
    <Loadable loading={(r.loading || scope.index.loading) && !d} error={r.error} reload={r.reload}>
      {d && (
        <div data-testid="public-target">
          <Link to={`/public?${scope.query}`}>← {t("public.title")}</Link>
          <Typography.Title level={3}>
            {d.target.code} · {name(d.target.name, d.target.nameEn)}
          </Typography.Title>
          <Typography.Paragraph>
            {d.unit.name}: <strong>{d.target.actual.display}</strong> · {t("col.targetValue")}{" "}
            {d.target.targetDisplay} · <StatusTag status={d.target.status} />
          </Typography.Paragraph>
          <Card
            size="small"
            title={t("target.series")}
            extra={
              <DownloadButtons
                fileName={`${file}-series`}
                rows={d.series}
                columns={seriesColumns}
                json={d.series}
              />
            }
            style={{ marginBottom: 12 }}
          >
            {series && (
              <EChart
                option={series}
                style={{ height: 280 }}
                ariaLabel={t("public.chartOf", { name: t("target.series") })}
              />
            )}
            <Table<TPoint>
              size="small"
              rowKey="period"
              dataSource={d.series}
              pagination={false}
              columns={[
                { title: t("col.period"), render: (_, p) => periodLabel(p.period, lang) },
                { title: t("col.actual"), align: "right", render: (_, p) => p.display },
                { title: t("col.status"), render: (_, p) => <StatusTag status={p.status} /> },
              ]}
            />
          </Card>
          {rows.length > 0 && (
            <Card
              size="small"
              title={t("target.breakdown")}
              extra={
                <DownloadButtons fileName={`${file}-units`} rows={rows} columns={rowColumns} json={rows} />
              }
            >
              <ChoroplethMap
                parentId={d.unit.id}
                values={rows.map((b) => ({
                  unitId: b.unitId,
                  name: b.name,
                  value: b.figure.value,
                  display: b.figure.display,
                  status: b.status as TStatus,
                }))}
                height={380}
                ariaLabel={t("public.chartOf", { name: t("target.breakdown") })}
              />
              <Table<TRow>
                size="small"
                rowKey="unitId"
                dataSource={rows}
                pagination={rows.length > 30 ? { pageSize: 30 } : false}
                scroll={{ x: true }}
                columns={[
                  { title: t("col.unit"), dataIndex: "name" },
                  { title: t("col.value"), align: "right", render: (_, b) => b.figure.display },
                  { title: t("col.status"), render: (_, b) => <StatusTag status={b.status} /> },
                ]}
              />
            </Card>
          )}
        </div>
      )}
    </Loadable>
  );
}
