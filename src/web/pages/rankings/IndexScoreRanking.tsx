/**
 * Ranking of the units below a unit by their evaluation-index score: the published results of an
 * evaluation round in which those units took part (the newest by default). Ranks and ties come from the
 * results API (competition ranking, "15, 15, 17"), never recomputed here.
 */
import { Alert, Select, Table, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import type { TResultRow, TResults, TRound } from "../../../server/evaluation/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { Loadable } from "../dashboard/status.tsx";
import { formatVietnamDate, useFmt } from "../evaluation/shared.tsx";
import { RankCell } from "./RankCell.tsx";

/** Published index-score ranking of the children of `parentId`, with a round selector when several. */
export function IndexScoreRanking(props: { parentId: number | null }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const rounds = useApi<{ items: TRound[] }>(props.parentId === null ? null : "/evaluation/rounds", {
    status: "published",
    parentUnitId: props.parentId,
  });
  const [chosen, setChosen] = useState<number | null>(null);
  const items = rounds.data?.items ?? [];
  // The list comes newest first; a choice made for another unit no longer applies.
  const roundId = items.some((r) => r.id === chosen) ? chosen : (items[0]?.id ?? null);
  const results = useApi<TResults>(roundId === null ? null : `/evaluation/rounds/${roundId}/results`);
  const res = results.data;
  const fmt = useFmt();

  if (rounds.data && items.length === 0) return <Alert type="info" showIcon title={t("rank.noRounds")} />;
  return (
    <>
      {items.length > 1 ? (
        <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", marginBottom: 12 }}>
          <span>{t("rank.round")}:</span>
          <Select<number>
            value={roundId ?? undefined}
            onChange={setChosen}
            options={items.map((r) => ({ value: r.id, label: `${r.name} · ${r.frameworkVersion}` }))}
            style={{ minWidth: 240, maxWidth: "100%", flex: "1 1 240px" }}
            aria-label={t("rank.round")}
            data-testid="rank-round"
          />
        </div>
      ) : null}
      <Loadable
        loading={rounds.loading || results.loading}
        error={rounds.error ?? results.error}
        reload={results.reload}
      >
        {res ? (
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            <strong data-testid="rank-round-name">{res.round.name}</strong>{" "}
            <Link to={`/evaluation/rounds/${res.round.id}/results`}>{t("rank.openResults")}</Link>
          </Typography.Paragraph>
        ) : null}
        <Table<TResultRow>
          size="small"
          rowKey="unitId"
          dataSource={res?.rows ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="ranking-table"
          columns={[
            {
              title: t("col.rank"),
              key: "rank",
              // Narrow enough for a phone: the "tied" tag wraps under the rank there.
              width: 110,
              defaultSortOrder: "ascend",
              // Within a tie (same published value), the higher score reads first.
              sorter: (a, b) => (a.total.rank ?? 1e9) - (b.total.rank ?? 1e9) || b.points - a.points,
              render: (_, x) => <RankCell rank={x.total.rank} tied={x.total.tied} />,
            },
            {
              title: t("col.unit"),
              key: "unit",
              sorter: (a, b) => a.unitName.localeCompare(b.unitName, lang === "vi" ? "vi" : "en"),
              render: (_, x) => <Link to={`/units/${x.unitId}`}>{x.unitName}</Link>,
            },
            {
              title: t("rank.indexValue"),
              key: "value",
              align: "right",
              sorter: (a, b) => (a.total.value ?? -1) - (b.total.value ?? -1),
              render: (_, x) => (
                <span data-testid="index-value">{fmt(x.total.value, res?.decimals ?? 4)}</span>
              ),
            },
            {
              title: t("rank.points"),
              key: "points",
              align: "right",
              sorter: (a, b) => a.points - b.points,
              render: (_, x) => fmt(x.points, { decimals: 2, trim: true }),
            },
          ]}
        />
        {res ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t("rank.ties")}{" "}
            {t("rank.roundNote", {
              date: formatVietnamDate(res.round.publishedAt),
              n: res.rows[0]?.total.of ?? 0,
              decimals: res.decimals,
            })}
          </Typography.Paragraph>
        ) : null}
      </Loadable>
    </>
  );
}
