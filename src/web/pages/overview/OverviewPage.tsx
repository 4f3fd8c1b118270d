import { Card, Col, Empty, Grid, Row, Segmented, Typography } from "antd";
import { type ReactNode, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { TProgressOverview, TTargetProgress } from "../../../server/progress/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { Loadable, STATUS_COLOR, StatusBar, type TStatus, useName } from "../dashboard/status.tsx";
import { TargetTable } from "./TargetTable.tsx";
import { isAtRisk, Trend } from "./trend.tsx";

function KpiCard(props: { title: string; value: ReactNode; note?: ReactNode; testId?: string }): ReactNode {
  return (
    <Card size="small" style={{ height: "100%" }} data-testid={props.testId}>
      <Typography.Text type="secondary">{props.title}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3 }}>{props.value}</div>
      {props.note && <Typography.Text type="secondary">{props.note}</Typography.Text>}
    </Card>
  );
}

/** Overdue tasks from the review-session API, or nothing when that API does not exist (404) or is refused. */
function OverdueCard(props: { unitId: number }): ReactNode {
  const t = useT();
  const r = useApi<{ total?: number; items?: unknown[] }>("/tasks", {
    overdue: true,
    unitId: props.unitId,
    limit: 1,
  });
  if (r.loading || r.error || !r.data) return null;
  const n = r.data.total ?? r.data.items?.length ?? 0;
  return (
    <Col xs={12} md={6}>
      <KpiCard
        title={t("overview.overdue")}
        value={<span style={{ color: n > 0 ? STATUS_COLOR.behind : undefined }}>{n}</span>}
        testId="kpi-overdue"
      />
    </Col>
  );
}

/** The leader's overview: X/Y targets achieved per pillar, what is behind, what changed, completeness. */
export default function OverviewPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const { unitId, period, planId } = useScope();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [pillar, setPillar] = useState<string>("all");
  const [filter, setFilter] = useState<"all" | "behind" | "risk">("all");
  const ready = unitId !== null && planId !== null;
  const r = useApi<TProgressOverview>(ready ? "/progress/overview" : null, { planId, unitId, period });
  const ov = r.data;

  const changes = useMemo(() => {
    if (!ov) return { better: [] as TTargetProgress[], worse: [] as TTargetProgress[] };
    const withTrend = ov.targets.filter(
      (x) => x.previous?.better !== null && x.previous?.direction !== "flat",
    );
    return {
      better: withTrend.filter((x) => x.previous?.better === true),
      worse: withTrend.filter((x) => x.previous?.better === false),
    };
  }, [ov]);

  const targets = useMemo(() => {
    if (!ov) return [];
    return ov.targets.filter(
      (x) =>
        (pillar === "all" || x.pillarCode === pillar) &&
        (filter === "all" || (filter === "behind" ? x.status === "behind" : isAtRisk(x))),
    );
  }, [ov, pillar, filter]);

  const atRisk = ov ? ov.targets.filter(isAtRisk).length : 0;
  const targetLink = (id: number) => `/targets/${id}`;

  return (
    <Loadable loading={!ov && (r.loading || !ready)} error={r.error} reload={r.reload}>
      {ov && (
        <div data-testid="overview">
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t("overview.title")} · <Link to={`/units/${ov.unit.id}`}>{ov.unit.name}</Link>
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {ov.periodLabel[lang]} · {name(ov.plan.name, ov.plan.nameEn)}
          </Typography.Paragraph>

          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}>
              <Card size="small" style={{ height: "100%" }} data-testid="summary">
                <Typography.Text type="secondary">{t("overview.achieved")}</Typography.Text>
                <div style={{ display: "flex", alignItems: "baseline", gap: 8, flexWrap: "wrap" }}>
                  <span style={{ fontSize: 34, fontWeight: 700 }} data-testid="summary-count">
                    {ov.summary.achieved}/{ov.summary.total}
                  </span>
                  <span style={{ fontSize: 18 }}>
                    {t("overview.targetsAchieved")} ({ov.summary.achievedShareDisplay})
                  </span>
                </div>
                <StatusBar counts={ov.summary} height={14} />
                <div style={{ display: "flex", flexWrap: "wrap", gap: "4px 12px", marginTop: 8 }}>
                  {(["exceeded", "achieved", "near", "behind", "no_data"] as TStatus[]).map((s) => (
                    <span key={s} style={{ whiteSpace: "nowrap" }}>
                      <span
                        style={{
                          display: "inline-block",
                          width: 10,
                          height: 10,
                          borderRadius: 2,
                          background: STATUS_COLOR[s],
                          marginInlineEnd: 4,
                        }}
                      />
                      {t(`status.${s}`)}:{" "}
                      {s === "no_data"
                        ? ov.summary.noData
                        : s === "achieved"
                          ? ov.summary.achieved - ov.summary.exceeded
                          : ov.summary[s]}
                    </span>
                  ))}
                </div>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <KpiCard
                title={t("overview.atRisk")}
                value={<span style={{ color: atRisk > 0 ? STATUS_COLOR.behind : undefined }}>{atRisk}</span>}
                note={t("overview.atRiskNote")}
                testId="kpi-risk"
              />
            </Col>
            <Col xs={12} md={6}>
              <KpiCard
                title={t("overview.completeness")}
                value={ov.completeness.display}
                note={t("overview.completenessNote", {
                  reported: ov.completeness.reported,
                  expected: ov.completeness.expected,
                })}
                testId="kpi-completeness"
              />
            </Col>
            {unitId !== null && <OverdueCard unitId={unitId} />}
          </Row>

          <Typography.Title level={4} style={{ marginTop: 20 }}>
            {t("overview.pillars")}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {ov.pillars.map((p) => (
              <Col xs={24} sm={12} lg={6} key={p.code ?? p.name}>
                <Card
                  size="small"
                  hoverable
                  onClick={() => setPillar(pillar === p.code ? "all" : (p.code ?? "all"))}
                  style={{ height: "100%", borderColor: pillar === p.code ? "#0b5cad" : undefined }}
                  data-testid="pillar-card"
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ")
                      setPillar(pillar === p.code ? "all" : (p.code ?? "all"));
                  }}
                  aria-pressed={pillar === p.code}
                >
                  <Typography.Text strong>{name(p.name, p.nameEn)}</Typography.Text>
                  <div style={{ margin: "4px 0" }}>
                    <span style={{ fontSize: 22, fontWeight: 600 }}>
                      {p.summary.achieved}/{p.summary.total}
                    </span>{" "}
                    <Typography.Text type="secondary">
                      {t("overview.achievedShort")} ({p.summary.achievedShareDisplay})
                    </Typography.Text>
                  </div>
                  <StatusBar counts={p.summary} />
                </Card>
              </Col>
            ))}
          </Row>

          <Typography.Title level={4} style={{ marginTop: 20 }}>
            {t("overview.changes")}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {(["better", "worse"] as const).map((k) => (
              <Col xs={24} md={12} key={k}>
                <Card
                  size="small"
                  title={
                    <span style={{ color: k === "better" ? STATUS_COLOR.achieved : STATUS_COLOR.behind }}>
                      {t(`overview.${k}`, { n: changes[k].length })}
                    </span>
                  }
                  data-testid={`changes-${k}`}
                >
                  {changes[k].length === 0 ? (
                    <Typography.Text type="secondary">{t("app.none")}</Typography.Text>
                  ) : (
                    changes[k].slice(0, 5).map((x) => (
                      <div
                        key={x.targetId}
                        style={{ display: "flex", gap: 8, justifyContent: "space-between" }}
                      >
                        <Link
                          to={targetLink(x.targetId)}
                          style={{
                            minWidth: 0,
                            overflow: "hidden",
                            textOverflow: "ellipsis",
                            whiteSpace: "nowrap",
                          }}
                        >
                          {x.code} · {name(x.name, x.nameEn)}
                        </Link>
                        <Trend target={x} />
                      </div>
                    ))
                  )}
                </Card>
              </Col>
            ))}
          </Row>

          <div
            style={{
              display: "flex",
              justifyContent: "space-between",
              alignItems: "center",
              marginTop: 20,
              flexWrap: "wrap",
              gap: 8,
            }}
          >
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t("overview.targets")} ({targets.length})
            </Typography.Title>
            <Segmented
              value={filter}
              onChange={(v) => setFilter(v as typeof filter)}
              options={[
                { value: "all", label: t("overview.filterAll") },
                { value: "behind", label: t("status.behind") },
                { value: "risk", label: t("overview.filterRisk") },
              ]}
            />
          </div>
          {pillar !== "all" && (
            <Typography.Paragraph type="secondary" style={{ margin: "4px 0" }}>
              {t("overview.pillarFilter")}: {pillar}{" "}
              <Typography.Link onClick={() => setPillar("all")}>{t("overview.clear")}</Typography.Link>
            </Typography.Paragraph>
          )}
          {targets.length === 0 ? (
            <Empty description={t("app.none")} />
          ) : (
            <TargetTable
              targets={targets}
              wide={Boolean(screens.md)}
              onOpen={(id) => navigate(targetLink(id))}
            />
          )}
        </div>
      )}
    </Loadable>
  );
}
