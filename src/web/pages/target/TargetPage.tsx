import { Card, Col, Descriptions, Empty, Row, Segmented, Table, Typography } from "antd";
import { type ReactNode, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { TProgressExplain, TTargetDetail } from "../../../server/progress/schemas.ts";
import { ChoroplethMap } from "../../charts/ChoroplethMap.tsx";
import { EChart } from "../../charts/EChart.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { Loadable, StatusTag, type TStatus, useName } from "../dashboard/status.tsx";
import { barHeight, breakdownOption, seriesOption } from "./charts.ts";
import { ExplainTree } from "./ExplainTree.tsx";

/** A target: series with target line, benchmark and forecast; how the figure is computed; by child unit. */
export default function TargetPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const navigate = useNavigate();
  const { id } = useParams();
  const { unitId, period, setUnit } = useScope();
  const [view, setView] = useState<"table" | "chart" | "map">("table");
  const q = unitId === null ? null : { unitId, period };
  const detail = useApi<TTargetDetail>(q ? `/progress/targets/${id}` : null, q ?? undefined);
  const explain = useApi<TProgressExplain>(
    q ? "/progress/explain" : null,
    q ? { ...q, targetId: id } : undefined,
  );
  const d = detail.data;
  const series = useMemo(() => (d ? seriesOption({ detail: d, t, lang }) : null), [d, t, lang]);
  const bars = useMemo(() => (d ? breakdownOption({ detail: d, lang }) : null), [d, lang]);
  const breakdown = useMemo(
    () =>
      d
        ? d.breakdown
            .filter((b) => b.figure.source !== "none")
            .sort(
              (a, b) =>
                (b.figure.value ?? Number.NEGATIVE_INFINITY) - (a.figure.value ?? Number.NEGATIVE_INFINITY),
            )
        : [],
    [d],
  );
  const mapValues = useMemo(
    () =>
      breakdown.map((b) => ({
        unitId: b.unitId,
        name: b.name,
        value: b.figure.value,
        display: b.figure.display,
        status: b.status as TStatus,
      })),
    [breakdown],
  );

  return (
    <Loadable loading={detail.loading && !d} error={detail.error} reload={detail.reload}>
      {d && (
        <div data-testid="target-page">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {d.target.code} · {name(d.target.name, d.target.nameEn)}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <Card size="small" style={{ height: "100%" }}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: "u",
                      label: t("col.unit"),
                      children: <Link to={`/units/${d.unit.id}`}>{d.unit.name}</Link>,
                    },
                    {
                      key: "a",
                      label: t("col.actual"),
                      children: <strong data-testid="target-actual">{d.target.actual.display}</strong>,
                    },
                    {
                      key: "t",
                      label: t("col.targetValue"),
                      children: d.target.targetYear
                        ? `${d.target.targetDisplay} (${d.target.targetYear})`
                        : d.target.targetDisplay,
                    },
                    { key: "s", label: t("col.status"), children: <StatusTag status={d.target.status} /> },
                    ...(d.target.benchmark
                      ? [{ key: "b", label: t("col.benchmark"), children: d.target.benchmark.display }]
                      : []),
                    ...(d.target.forecast
                      ? [
                          {
                            key: "f",
                            label: t("col.forecast"),
                            children: (
                              <span>
                                {d.target.forecast.label[lang]}
                                {d.target.forecast.targetYear &&
                                  d.target.forecast.projectedValue !== null && (
                                    <>
                                      <br />
                                      {t("target.forecastText", {
                                        year: d.target.forecast.targetYear,
                                        value: d.target.forecast.projectedDisplay,
                                      })}
                                    </>
                                  )}
                                {d.target.forecast.requiredYearlyIncrement !== null && (
                                  <>
                                    <br />
                                    {t("target.required", {
                                      value: d.target.forecast.requiredYearlyIncrementDisplay,
                                    })}
                                  </>
                                )}
                              </span>
                            ),
                          },
                        ]
                      : []),
                    ...(d.target.responsibleUnitName
                      ? [{ key: "r", label: t("target.responsible"), children: d.target.responsibleUnitName }]
                      : []),
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={16}>
              <Card size="small" title={t("target.series")} style={{ height: "100%" }}>
                {series && (
                  <EChart
                    option={series}
                    style={{ height: 300 }}
                    ariaLabel={t("target.series")}
                    testId="target-series"
                  />
                )}
              </Card>
            </Col>
          </Row>

          <Card
            size="small"
            style={{ marginTop: 12 }}
            title={t("target.breakdown")}
            extra={
              <Segmented
                size="small"
                value={view}
                onChange={(v) => setView(v as typeof view)}
                options={[
                  { value: "table", label: t("target.table") },
                  { value: "chart", label: t("target.chart") },
                  { value: "map", label: t("target.map") },
                ]}
                data-testid="breakdown-view"
              />
            }
          >
            {breakdown.length === 0 && <Empty description={t("target.noBreakdown")} />}
            {breakdown.length > 0 && view === "table" && (
              <Table
                size="small"
                rowKey="unitId"
                dataSource={breakdown}
                pagination={breakdown.length > 50 ? { pageSize: 50 } : false}
                scroll={{ x: true }}
                columns={[
                  {
                    title: t("col.unit"),
                    render: (_, b) => <Link to={`/units/${b.unitId}`}>{b.name}</Link>,
                  },
                  {
                    title: t("col.value"),
                    align: "right",
                    render: (_, b) => b.figure.display,
                    sorter: (a, b) => (a.figure.value ?? -1e18) - (b.figure.value ?? -1e18),
                  },
                  { title: t("col.status"), render: (_, b) => <StatusTag status={b.status} /> },
                ]}
                data-testid="breakdown-table"
              />
            )}
            {breakdown.length > 0 && view === "chart" && bars && (
              <EChart
                option={bars}
                style={{ height: barHeight(breakdown.filter((b) => b.figure.value !== null).length) }}
                ariaLabel={t("target.breakdown")}
                onClick={(p) => {
                  const b = breakdown
                    .filter((x) => x.figure.value !== null)
                    .sort((x, y) => (x.figure.value ?? 0) - (y.figure.value ?? 0))[p.dataIndex];
                  if (b) navigate(`/units/${b.unitId}`);
                }}
              />
            )}
            {breakdown.length > 0 && view === "map" && (
              <ChoroplethMap
                parentId={d.unit.id}
                values={mapValues}
                direction={d.target.direction}
                ariaLabel={t("target.breakdown")}
                onSelect={(uid) => {
                  const b = breakdown.find((x) => x.unitId === uid);
                  if (b) setUnit({ id: uid, name: b.name });
                }}
              />
            )}
          </Card>

          <Card size="small" style={{ marginTop: 12 }} title={t("target.explain")} data-testid="explain">
            <Loadable loading={explain.loading} error={explain.error}>
              {explain.data && <ExplainTree node={explain.data.explanation} />}
            </Loadable>
          </Card>
        </div>
      )}
    </Loadable>
  );
}
