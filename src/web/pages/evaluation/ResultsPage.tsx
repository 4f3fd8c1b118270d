/**
 * Results of a round: ranking table (ties shown as competition ranks "4, 4, 6"), total and index values,
 * change on the previous round, rank interval under ±20 % weights, recognition level; a radar of the
 * selected unit's indices against the median unit; the distribution; the unit's strengths and weaknesses.
 */
import { Alert, Card, Col, List, Row, Space, Spin, Table, Tag, Typography } from "antd";
import { RadarChart } from "echarts/charts";
import { RadarComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { type ReactNode, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import type {
  TRecognition,
  TResultRow,
  TResults,
  TSensitivity,
  TUnitAnalysis,
} from "../../../server/evaluation/schemas.ts";
import { EChart } from "../../charts/EChart.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { PhaseTag, useFmt } from "./shared.tsx";

echarts.use([RadarChart, RadarComponent]);

const LEVEL_COLOR = { none: "default", basic: "blue", advanced: "green" } as const;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Breaks a long index name over two lines so the radar labels fit on a phone. */
function wrap(name: string): string {
  if (name.length <= 10) return name;
  const words = name.split(" ");
  const half = Math.ceil(words.length / 2);
  return `${words.slice(0, half).join(" ")}\n${words.slice(half).join(" ")}`;
}

/** Results page. */
export default function ResultsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const fmt = useFmt();
  const { id } = useParams();
  const results = useApi<TResults>(`/evaluation/rounds/${id}/results`);
  const sensitivity = useApi<TSensitivity>(results.data ? `/evaluation/rounds/${id}/sensitivity` : null, {
    seed: 1,
    runs: 1000,
  });
  const recognition = useApi<TRecognition>(
    results.data?.indices && results.data.round.unitGroup === "commune"
      ? `/evaluation/rounds/${id}/recognition`
      : null,
  );
  const [selected, setSelected] = useState<number | null>(null);
  const r = results.data;
  const unitId = selected ?? r?.rows[0]?.unitId ?? null;
  const analysis = useApi<TUnitAnalysis>(
    unitId !== null ? `/evaluation/rounds/${id}/units/${unitId}/analysis` : null,
  );

  const intervals = useMemo(
    () => new Map((sensitivity.data?.units ?? []).map((u) => [Number(u.unitId), u])),
    [sensitivity.data],
  );
  const levels = useMemo(
    () => new Map((recognition.data?.units ?? []).map((u) => [u.unitId, u.level])),
    [recognition.data],
  );

  const radar = useMemo(() => {
    if (!r || unitId === null) return null;
    const row = r.rows.find((x) => x.unitId === unitId);
    if (!row) return null;
    const medianName = t("eval.median");
    const name = (code: string) => {
      const i = r.indices.find((x) => x.code === code)!;
      return lang === "en" ? i.nameEn : i.nameVi;
    };
    return {
      tooltip: {},
      legend: { bottom: 0, data: [row.unitName, medianName] },
      radar: {
        indicator: r.indices.map((i) => ({ name: wrap(name(i.code)), max: 1 })),
        radius: "55%",
        center: ["50%", "52%"],
        axisName: { fontSize: 11, color: "#444" },
      },
      series: [
        {
          type: "radar",
          data: [
            {
              name: row.unitName,
              value: r.indices.map((i) => row.indices[i.code]?.value ?? 0),
              areaStyle: { opacity: 0.25 },
            },
            {
              name: medianName,
              value: r.indices.map((i) => median(r.rows.map((x) => x.indices[i.code]?.value ?? 0))),
              lineStyle: { type: "dashed" },
            },
          ],
        },
      ],
    };
  }, [r, unitId, lang, t]);

  if (results.error) return <Alert type="error" title={results.error.text(lang)} />;
  if (!r) return <Spin />;

  const d = r.decimals;
  const changeText = (row: TResultRow) => {
    const c = row.total;
    if (c.change === null)
      return <Typography.Text type="secondary">{r.previousRound ? t("eval.new") : "—"}</Typography.Text>;
    const sign = c.change > 0 ? "+" : "";
    const rc = c.rankChange ?? 0;
    return (
      <Space orientation="vertical" size={0}>
        <Typography.Text type={c.change < 0 ? "danger" : c.change > 0 ? "success" : undefined}>
          {sign}
          {fmt(c.change, d)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {rc > 0 ? t("eval.up", { n: rc }) : rc < 0 ? t("eval.down", { n: -rc }) : t("eval.same")}
        </Typography.Text>
      </Space>
    );
  };

  const columns = [
    {
      title: t("eval.rank"),
      key: "rank",
      width: 64,
      render: (_: unknown, row: TResultRow) => (
        <span data-testid="rank">
          {row.total.rank ?? "—"}
          {row.total.tied ? <sup title="=">=</sup> : null}
        </span>
      ),
    },
    {
      title: t("eval.unit"),
      dataIndex: "unitName",
      render: (v: string, row: TResultRow) => (
        <Link
          to={`/evaluation/rounds/${r.round.id}/units/${row.unitId}`}
          onClick={(e) => e.stopPropagation()}
        >
          {v}
        </Link>
      ),
    },
    {
      title: t("eval.total"),
      key: "total",
      render: (_: unknown, row: TResultRow) => <b data-testid="total">{row.publishedText}</b>,
    },
    ...(r.previousRound
      ? [{ title: t("eval.change"), key: "change", render: (_: unknown, row: TResultRow) => changeText(row) }]
      : []),
    {
      title: t("eval.sensitivityShort"),
      key: "interval",
      render: (_: unknown, row: TResultRow) => {
        const u = intervals.get(row.unitId);
        if (!u || u.p05 === null) return "—";
        return u.p05 === u.p95 ? String(u.p05) : `${u.p05}–${u.p95}`;
      },
    },
    ...(recognition.data
      ? [
          {
            title: t("eval.recognition"),
            key: "level",
            render: (_: unknown, row: TResultRow) => {
              const level = levels.get(row.unitId) ?? "none";
              return <Tag color={LEVEL_COLOR[level]}>{t(`eval.level.${level}`)}</Tag>;
            },
          },
        ]
      : []),
    ...r.indices.map((i) => ({
      title: <span title={lang === "en" ? i.nameEn : i.nameVi}>{i.code}</span>,
      key: `i-${i.code}`,
      render: (_: unknown, row: TResultRow) => {
        const v = row.indices[i.code];
        return (
          <span>
            {fmt(v?.value, 2)}{" "}
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              #{v?.rank ?? "—"}
            </Typography.Text>
          </span>
        );
      },
    })),
    {
      title: t("eval.pillarRanks"),
      key: "pillars",
      render: (_: unknown, row: TResultRow) => (
        <Space size={2} wrap>
          {r.pillars.map((p) => (
            <Tag key={p} title={t(`eval.pillar.${p}`)}>
              {t(`eval.pillar.${p}`)
                .split(" ")
                .map((w) => w[0])
                .join("")
                .toUpperCase()}{" "}
              {row.pillars[p]?.rank ?? "—"}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  const dist = r.distribution;
  const selectedRow = r.rows.find((x) => x.unitId === unitId);
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle" data-testid="results">
      <Link to={`/evaluation/rounds/${r.round.id}`}>← {r.round.name}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("eval.results")}: {r.round.name}
      </Typography.Title>
      <Space wrap>
        <PhaseTag phase={r.round.phase} />
        {!r.published ? <Tag color="orange">{t("eval.notPublished")}</Tag> : null}
        {r.previousRound ? (
          <Typography.Text type="secondary">
            {t("eval.previousRound", { name: r.previousRound.name })}
          </Typography.Text>
        ) : null}
      </Space>
      {recognition.data ? (
        <Space wrap data-testid="recognition-summary">
          <Typography.Text strong>{t("eval.recognition")}:</Typography.Text>
          <Tag color="green">
            {t("eval.level.advanced")}: {recognition.data.summary.advanced}
          </Tag>
          <Tag color="blue">
            {t("eval.level.basic")}: {recognition.data.summary.basic}
          </Tag>
          <Tag>
            {t("eval.level.none")}: {recognition.data.summary.none}
          </Tag>
        </Space>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={selectedRow ? t("eval.radar", { unit: selectedRow.unitName }) : ""}>
            {radar ? (
              <EChart
                option={radar}
                ariaLabel={t("eval.radar", { unit: selectedRow?.unitName ?? "" })}
                testId="radar"
                style={{ height: 340 }}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("eval.distribution")}>
            <Typography.Paragraph type="secondary">
              {t("eval.distributionNote", {
                count: dist.count,
                min: fmt(dist.min, d),
                median: fmt(dist.median, d),
                max: fmt(dist.max, d),
              })}
            </Typography.Paragraph>
            <EChart
              ariaLabel={t("eval.distribution")}
              style={{ height: 160 }}
              option={{
                grid: { left: 30, right: 10, top: 10, bottom: 24 },
                xAxis: { type: "category", data: dist.histogram.map((b) => fmt(b.from, 1)) },
                yAxis: { type: "value", minInterval: 1 },
                tooltip: {},
                series: [
                  { type: "bar", data: dist.histogram.map((b) => b.count), itemStyle: { color: "#0b5cad" } },
                ],
              }}
            />
            {analysis.data ? (
              <Row gutter={8}>
                <Col span={12}>
                  <Typography.Text strong>{t("eval.strengths")}</Typography.Text>
                  <List
                    size="small"
                    dataSource={analysis.data.strengths.slice(0, 3)}
                    renderItem={(s) => (
                      <List.Item
                        style={{ padding: "2px 0" }}
                      >{`${s.code} ${lang === "en" ? s.nameEn : s.nameVi}`}</List.Item>
                    )}
                  />
                </Col>
                <Col span={12}>
                  <Typography.Text strong>{t("eval.weaknesses")}</Typography.Text>
                  <List
                    size="small"
                    dataSource={analysis.data.weaknesses.slice(0, 3)}
                    renderItem={(s) => (
                      <List.Item
                        style={{ padding: "2px 0" }}
                      >{`${s.code} ${lang === "en" ? s.nameEn : s.nameVi}`}</List.Item>
                    )}
                  />
                </Col>
              </Row>
            ) : null}
          </Card>
        </Col>
      </Row>
      {sensitivity.data ? (
        <Typography.Text type="secondary">
          {t("eval.sensitivity", { p: Math.round(sensitivity.data.perturbation * 100) })} —{" "}
          {t("eval.sensitivityNote", { runs: sensitivity.data.runs, seed: sensitivity.data.seed })}
        </Typography.Text>
      ) : null}
      <Table<TResultRow>
        rowKey="unitId"
        size="small"
        dataSource={r.rows}
        columns={columns}
        pagination={{ pageSize: 25, showSizeChanger: false }}
        scroll={{ x: "max-content" }}
        onRow={(row) => ({
          onClick: () => setSelected(row.unitId),
          style: { cursor: "pointer", background: row.unitId === unitId ? "#e6f4ff" : undefined },
        })}
        data-testid="ranking"
      />
    </Space>
  );
}
