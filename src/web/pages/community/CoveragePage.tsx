import { Alert, Card, Col, Row, Spin, Table, Typography } from "antd";
import { type ReactNode, useMemo } from "react";
import { useNavigate } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import { formatNumber, formatPercent } from "../../../core/vn-number.ts";
import type { TProgressOverview } from "../../../server/progress/schemas.ts";
import type { TCoverage, TCoverageRow } from "../../../server/teams/schemas.ts";
import { ChoroplethMap } from "../../charts/ChoroplethMap.tsx";
import { EChart, type TChartOption } from "../../charts/EChart.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";

function Kpi(props: { title: string; value: string; note?: string; testId: string }): ReactNode {
  return (
    <Card size="small" style={{ height: "100%" }} data-testid={props.testId}>
      <Typography.Text type="secondary">{props.title}</Typography.Text>
      <div style={{ fontSize: 24, fontWeight: 600 }}>{props.value}</div>
      {props.note && <Typography.Text type="secondary">{props.note}</Typography.Text>}
    </Card>
  );
}

/** The dashboard's XHS05 figure (villages with a team), which the registry feeds: read from the progress API. */
function DashboardFigure(props: { unitId: number; planId: number; period: string }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const o = useApi<TProgressOverview>("/progress/overview", props);
  const target = o.data?.targets.find((x) => x.code === "XHS05");
  if (!target) return null;
  return (
    <Kpi
      testId="kpi-xhs05"
      title={t("cns.dashboardFigure", { period: periodLabel(props.period, lang) })}
      value={target.actual.display}
      note={`${formatNumber(target.actual.numerator)}/${formatNumber(target.actual.denominator)} · ${t("cns.fromRegistry")}`}
    />
  );
}

/** Province coverage: teams, members, villages and communes covered; map, bar chart and table. */
export default function CoveragePage(): ReactNode {
  const t = useT();
  const navigate = useNavigate();
  const { unitId, planId, period } = useScope();
  const r = useApi<TCoverage>(unitId ? "/teams/coverage" : null, { unitId: unitId ?? undefined });
  const rowsSorted = useMemo(
    () => [...(r.data?.communes ?? [])].sort((a, b) => (a.share ?? -1) - (b.share ?? -1)),
    [r.data],
  );
  const chart = useMemo<TChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rowsSorted.map((c) => c.name), axisLabel: { show: false } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      dataZoom: rowsSorted.length > 30 ? [{ type: "inside" }] : undefined,
      series: [
        {
          type: "bar",
          data: rowsSorted.map((c) => (c.share === null ? null : Math.round(c.share * 1000) / 10)),
          itemStyle: { color: "#2f81f7" },
        },
      ],
    }),
    [rowsSorted],
  );
  if (!unitId || (r.loading && !r.data)) return <Spin style={{ display: "block", margin: 40 }} />;
  if (r.error) return <Alert type="error" showIcon title={r.error.body.message} />;
  const cov = r.data;
  if (!cov) return null;
  const open = (id: number) => navigate(`/community/teams?commune=${id}`);
  return (
    <div>
      <Typography.Title level={4}>{t("cns.coverageTitle")}</Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Kpi testId="kpi-teams" title={t("cns.teams")} value={formatNumber(cov.totals.teams)} />
        </Col>
        <Col xs={12} md={6}>
          <Kpi testId="kpi-members" title={t("cns.members")} value={formatNumber(cov.totals.members)} />
        </Col>
        <Col xs={12} md={6}>
          <Kpi
            testId="kpi-villages"
            title={t("cns.villageShare")}
            value={formatPercent(cov.totals.share)}
            note={`${formatNumber(cov.totals.villagesWithTeam)}/${formatNumber(cov.totals.villages)}`}
          />
        </Col>
        <Col xs={12} md={6}>
          <Kpi
            testId="kpi-communes"
            title={t("cns.communesWith")}
            value={`${formatNumber(cov.totals.communesWithTeam)}/${formatNumber(cov.totals.communes)}`}
          />
        </Col>
        {planId && (
          <Col xs={24} md={12}>
            <DashboardFigure unitId={unitId} planId={planId} period={period} />
          </Col>
        )}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("cns.map")}>
            <ChoroplethMap
              parentId={unitId}
              height={360}
              ariaLabel={t("cns.map")}
              onSelect={open}
              values={cov.communes.map((c) => ({
                unitId: c.communeId,
                name: c.name,
                value: c.share === null ? null : c.share * 100,
                display: `${formatPercent(c.share)} (${c.villagesWithTeam}/${c.villages})`,
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("cns.chart")}>
            <EChart
              option={chart}
              style={{ height: 360 }}
              ariaLabel={t("cns.chart")}
              testId="coverage-chart"
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t("cns.table")} style={{ marginTop: 12 }}>
        <Table<TCoverageRow>
          size="small"
          rowKey="communeId"
          data-testid="coverage-table"
          dataSource={cov.communes}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          onRow={(c) => ({ onClick: () => open(c.communeId), style: { cursor: "pointer" } })}
          columns={[
            { title: t("cns.commune"), dataIndex: "name" },
            {
              title: t("cns.teams"),
              dataIndex: "teams",
              align: "right",
              render: (v: number) => formatNumber(v),
            },
            {
              title: t("cns.members"),
              dataIndex: "members",
              align: "right",
              render: (v: number) => formatNumber(v),
            },
            {
              title: t("cns.villages"),
              key: "v",
              align: "right",
              render: (_: unknown, c) => `${c.villagesWithTeam}/${c.villages}`,
            },
            {
              title: t("cns.share"),
              dataIndex: "share",
              align: "right",
              sorter: (a, b) => (a.share ?? -1) - (b.share ?? -1),
              render: (v: number | null) => formatPercent(v),
            },
          ]}
        />
      </Card>
    </div>
  );
}
