import { Breadcrumb, Card, Col, List, Row, Statistic, Table, Typography } from "antd";
import { type ReactNode, useMemo } from "react";
import { Link, useParams } from "react-router-dom";
import { periodLabel, tryParsePeriod } from "../../../core/period.ts";
import type { TProgressOverview, TRanking } from "../../../server/progress/schemas.ts";
import type { TCoverage } from "../../../server/teams/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { Loadable, StatusBar, StatusTag, useName } from "../dashboard/status.tsx";

interface TUnitDetail {
  id: number;
  code: string;
  kind: string;
  name: string;
  fullName: string | null;
  parentId: number | null;
  ancestors: Array<{ id: number; name: string; kind: string }>;
}

interface TValueRow {
  period: string;
  status: string;
}

/** A unit: its targets, rank among peers, reporting history and community teams. */
export default function UnitPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const id = Number(useParams().id);
  const { period, planId } = useScope();
  const unit = useApi<TUnitDetail>(`/units/${id}`);
  const u = unit.data;
  const ov = useApi<TProgressOverview>(planId ? "/progress/overview" : null, { planId, unitId: id, period });
  const rank = useApi<TRanking>(u?.parentId && planId ? "/progress/rankings" : null, {
    statusOf: planId,
    parentUnitId: u?.parentId,
    period,
  });
  const children = useApi<{ items: Array<{ id: number; name: string; kind: string }>; total: number }>(
    `/units/${id}/children`,
    { limit: 200 },
  );
  const teams = useApi<TCoverage>(
    u && (u.kind === "province" || u.kind === "commune") ? "/teams/coverage" : null,
    {
      unitId: id,
    },
  );
  const values = useApi<{ items: TValueRow[]; total: number }>("/data-values", {
    orgUnitId: id,
    limit: 1000,
  });

  const history = useMemo(() => {
    const by = new Map<string, Record<string, number>>();
    for (const v of values.data?.items ?? []) {
      const row = by.get(v.period) ?? {};
      row[v.status] = (row[v.status] ?? 0) + 1;
      by.set(v.period, row);
    }
    return [...by.entries()]
      .filter(([p]) => tryParsePeriod(p))
      .sort((a, b) => (tryParsePeriod(b[0])!.endDate > tryParsePeriod(a[0])!.endDate ? 1 : -1))
      .map(([p, c]) => ({
        period: p,
        approved: (c.approved ?? 0) + (c.locked ?? 0),
        submitted: c.submitted ?? 0,
        total: Object.values(c).reduce((s, n) => s + n, 0),
      }));
  }, [values.data]);

  const mine = rank.data?.items.find((x) => x.unitId === id);
  const parent = u?.ancestors[u.ancestors.length - 1];

  return (
    <Loadable loading={unit.loading && !u} error={unit.error} reload={unit.reload}>
      {u && (
        <div data-testid="unit-page">
          <Breadcrumb
            items={u.ancestors.map((a) => ({
              key: a.id,
              title: <Link to={`/units/${a.id}`}>{a.name}</Link>,
            }))}
          />
          <Typography.Title level={3} style={{ marginTop: 4 }}>
            {u.fullName ?? u.name}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Card size="small" style={{ height: "100%" }}>
                <Statistic
                  title={t("overview.achieved")}
                  value={ov.data ? `${ov.data.summary.achieved}/${ov.data.summary.total}` : "—"}
                  suffix={ov.data ? <small>({ov.data.summary.achievedShareDisplay})</small> : undefined}
                />
                {ov.data && <StatusBar counts={ov.data.summary} />}
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" style={{ height: "100%" }} data-testid="unit-rank">
                <Statistic
                  title={t("unit.rank", { parent: parent?.name ?? "—" })}
                  value={mine?.rank ? `${mine.rank}/${rank.data?.items.length}` : "—"}
                  suffix={mine?.tied ? <small>({t("rank.tied")})</small> : undefined}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" style={{ height: "100%" }}>
                <Statistic title={t("overview.completeness")} value={ov.data?.completeness.display ?? "—"} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" style={{ height: "100%" }} data-testid="unit-teams">
                <Statistic
                  title={t("unit.teams")}
                  value={teams.data ? t("unit.teamCount", { n: teams.data.totals.teams }) : "—"}
                />
                {teams.data && (
                  <Typography.Text type="secondary">
                    {t("unit.memberCount", { n: teams.data.totals.members.toLocaleString("vi-VN") })}
                  </Typography.Text>
                )}
              </Card>
            </Col>
          </Row>

          <Card size="small" title={t("unit.targets")} style={{ marginTop: 12 }}>
            <Loadable loading={ov.loading} error={ov.error}>
              <Table
                size="small"
                rowKey="targetId"
                dataSource={(ov.data?.targets ?? []).filter(
                  // A commune's page lists the targets that apply to it or have a figure for it.
                  (x) => x.actual.source !== "none" || x.appliesTo === u.kind,
                )}
                pagination={false}
                scroll={{ x: true }}
                columns={[
                  {
                    title: t("col.target"),
                    render: (_, x) => (
                      <Link to={`/targets/${x.targetId}`}>
                        {x.code} · {name(x.name, x.nameEn)}
                      </Link>
                    ),
                  },
                  { title: t("col.actual"), align: "right", render: (_, x) => x.actual.display },
                  { title: t("col.status"), render: (_, x) => <StatusTag status={x.status} /> },
                ]}
              />
            </Loadable>
          </Card>

          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={12}>
              <Card size="small" title={t("unit.history")} data-testid="unit-history">
                <Table
                  size="small"
                  rowKey="period"
                  dataSource={history}
                  pagination={false}
                  columns={[
                    { title: t("col.period"), render: (_, r) => periodLabel(r.period, lang) },
                    { title: t("history.values"), align: "right", dataIndex: "total" },
                    { title: t("history.approved"), align: "right", dataIndex: "approved" },
                    { title: t("history.submitted"), align: "right", dataIndex: "submitted" },
                  ]}
                />
              </Card>
            </Col>
            {children.data && children.data.total > 0 && (
              <Col xs={24} md={12}>
                <Card size="small" title={`${t("unit.children")} (${children.data.total})`}>
                  <List
                    size="small"
                    dataSource={children.data.items}
                    style={{ maxHeight: 360, overflow: "auto" }}
                    renderItem={(c) => (
                      <List.Item>
                        <Link to={`/units/${c.id}`}>{c.name}</Link>
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
            )}
          </Row>
        </div>
      )}
    </Loadable>
  );
}
