import { Alert, Card, Select, Space, Table, Typography } from "antd";
import { type ReactNode, useMemo } from "react";
import { Link } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import type { TProgressOverview, TTargetProgress } from "../../../server/progress/schemas.ts";
import { EChart } from "../../charts/EChart.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { Loadable, STATUS_COLOR, StatusTag, useName } from "../dashboard/status.tsx";
import { DownloadButtons, type TCsvColumn } from "./download.tsx";
import { usePublicScope } from "./usePublicScope.ts";

type TPillar = TProgressOverview["pillars"][number];

/** Public transparency page: published figures of a province, every chart with its table and downloads. */
export default function PublicPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const scope = usePublicScope();
  const ov = useApi<TProgressOverview>(
    scope.unitId && scope.period ? "/public/overview" : null,
    scope.unitId && scope.period ? { unitId: scope.unitId, period: scope.period } : undefined,
  );
  const d = ov.data;

  const pillarChart = useMemo(
    () =>
      d
        ? {
            grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
            yAxis: {
              type: "category",
              inverse: true,
              data: d.pillars.map((p) => name(p.name, p.nameEn)),
              axisLabel: { fontSize: 12 },
            },
            series: [
              {
                type: "bar",
                barMaxWidth: 20,
                data: d.pillars.map((p) => ({
                  value: Math.round((p.summary.achievedShare ?? 0) * 1000) / 10,
                  itemStyle: { color: "#0b5cad" },
                })),
                label: {
                  show: true,
                  position: "right",
                  formatter: (x: { dataIndex: number }) => {
                    const s = d.pillars[x.dataIndex].summary;
                    return `${s.achieved}/${s.total}`;
                  },
                },
              },
            ],
          }
        : null,
    [d, name],
  );

  const pillarColumns: Array<TCsvColumn<TPillar>> = [
    { header: t("public.pillar"), value: (p) => name(p.name, p.nameEn) },
    { header: t("public.achievedCount"), value: (p) => p.summary.achieved },
    { header: t("public.total"), value: (p) => p.summary.total },
    { header: t("public.share"), value: (p) => p.summary.achievedShare },
    { header: t("public.shareDisplay"), value: (p) => p.summary.achievedShareDisplay },
  ];
  const targetColumns: Array<TCsvColumn<TTargetProgress>> = [
    { header: t("col.code"), value: (x) => x.code },
    { header: t("col.target"), value: (x) => name(x.name, x.nameEn) },
    { header: t("col.actual"), value: (x) => x.actual.value },
    { header: `${t("col.actual")} (${t("public.shown")})`, value: (x) => x.actual.display },
    { header: t("col.targetValue"), value: (x) => x.targetValue },
    { header: t("public.targetYear"), value: (x) => x.targetYear },
    { header: t("col.status"), value: (x) => t(`status.${x.status}`) },
  ];
  const file = d ? `dxm-${d.unit.code}-${d.period}` : "dxm";

  return (
    <div data-testid="public-page">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t("public.title")}
      </Typography.Title>
      <Typography.Paragraph>{t("public.intro")}</Typography.Paragraph>
      <Loadable loading={scope.index.loading} error={scope.index.error}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t("public.province")}
            value={scope.province?.id}
            onChange={(v) => scope.set({ unit: v })}
            options={scope.provinces.map((p) => ({ value: p.id, label: p.name }))}
            style={{ minWidth: 200 }}
          />
          <Select
            aria-label={t("header.period")}
            value={scope.period ?? undefined}
            onChange={(v) => scope.set({ period: v })}
            options={(scope.province?.periods ?? []).map((p) => ({
              value: p.period,
              label: periodLabel(p.period, lang),
            }))}
            style={{ minWidth: 200 }}
            data-testid="public-period"
          />
        </Space>
        {!scope.period ? (
          <Alert type="info" showIcon title={t("public.none")} />
        ) : (
          <Loadable loading={ov.loading && !d} error={ov.error} reload={ov.reload}>
            {d && (
              <>
                <Card size="small" style={{ marginBottom: 12 }}>
                  <Typography.Title level={3} style={{ margin: 0 }} data-testid="public-summary">
                    {d.summary.achieved}/{d.summary.total} {t("overview.targetsAchieved")} (
                    {d.summary.achievedShareDisplay})
                  </Typography.Title>
                  <Typography.Text type="secondary">
                    {d.unit.name} · {d.periodLabel[lang]} · {name(d.plan.name, d.plan.nameEn)}
                  </Typography.Text>
                </Card>

                <Card
                  size="small"
                  title={t("overview.pillars")}
                  extra={
                    <DownloadButtons
                      fileName={`${file}-pillars`}
                      rows={d.pillars}
                      columns={pillarColumns}
                      json={d.pillars}
                    />
                  }
                  style={{ marginBottom: 12 }}
                >
                  {pillarChart && (
                    <EChart
                      option={pillarChart}
                      style={{ height: d.pillars.length * 34 + 30 }}
                      ariaLabel={t("public.chartOf", { name: t("overview.pillars") })}
                    />
                  )}
                  <Table<TPillar>
                    size="small"
                    rowKey={(p) => p.code ?? p.name}
                    dataSource={d.pillars}
                    pagination={false}
                    scroll={{ x: true }}
                    caption={
                      <span className="sr-caption">
                        {t("public.tableOf", { name: t("overview.pillars") })}
                      </span>
                    }
                    columns={[
                      { title: t("public.pillar"), render: (_, p) => name(p.name, p.nameEn) },
                      {
                        title: t("overview.achieved"),
                        align: "right",
                        render: (_, p) => `${p.summary.achieved}/${p.summary.total}`,
                      },
                      {
                        title: t("public.share"),
                        align: "right",
                        render: (_, p) => p.summary.achievedShareDisplay,
                      },
                    ]}
                    data-testid="public-pillar-table"
                  />
                </Card>

                <Card
                  size="small"
                  title={t("overview.targets")}
                  extra={
                    <DownloadButtons
                      fileName={`${file}-targets`}
                      rows={d.targets}
                      columns={targetColumns}
                      json={d.targets}
                    />
                  }
                >
                  <Table<TTargetProgress>
                    size="small"
                    rowKey="targetId"
                    dataSource={d.targets}
                    pagination={false}
                    scroll={{ x: true }}
                    caption={
                      <span className="sr-caption">
                        {t("public.tableOf", { name: t("overview.targets") })}
                      </span>
                    }
                    columns={[
                      {
                        title: t("col.target"),
                        render: (_, x) => (
                          <Link to={`/public/targets/${x.targetId}?${scope.query}`}>
                            {x.code} · {name(x.name, x.nameEn)}
                          </Link>
                        ),
                      },
                      { title: t("col.actual"), align: "right", render: (_, x) => x.actual.display },
                      {
                        title: t("col.targetValue"),
                        align: "right",
                        render: (_, x) =>
                          x.targetYear ? `${x.targetDisplay} (${x.targetYear})` : x.targetDisplay,
                      },
                      { title: t("col.status"), render: (_, x) => <StatusTag status={x.status} /> },
                    ]}
                    data-testid="public-target-table"
                  />
                </Card>
                <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                  <span style={{ color: STATUS_COLOR.no_data }}>{t("public.rule")}</span>
                </Typography.Paragraph>
              </>
            )}
          </Loadable>
        )}
      </Loadable>
    </div>
  );
}
