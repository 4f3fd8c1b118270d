import { Card, Select, Table, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import type { TProgressOverview, TRanking } from "../../../server/progress/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { Loadable, useName } from "../dashboard/status.tsx";
import { useComparedParent } from "../dashboard/useParentUnit.ts";
import { IndexScoreRanking } from "./IndexScoreRanking.tsx";
import { RankCell } from "./RankCell.tsx";

type TItem = TRanking["items"][number];

/** The "rank by" choice that ranks by the published evaluation-index score. */
const BY_INDEX_SCORE = "index-score";

/**
 * Sortable ranking of the units below the chosen unit, by targets achieved, by one indicator, or by
 * the evaluation-index score of a published round.
 */
export default function RankingsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const name = useName();
  const { unitId, period, planId } = useScope();
  const { parentId, name: parentName } = useComparedParent(unitId);
  const [by, setBy] = useState<string>("status");
  const ov = useApi<TProgressOverview>(parentId && planId ? "/progress/overview" : null, {
    planId,
    unitId: parentId,
    period,
  });
  const query =
    by === "status"
      ? { statusOf: planId, parentUnitId: parentId, period }
      : { indicatorId: Number(by), parentUnitId: parentId, period };
  const byIndexScore = by === BY_INDEX_SCORE;
  const r = useApi<TRanking>(parentId && planId && !byIndexScore ? "/progress/rankings" : null, query);
  const indicators = (ov.data?.targets ?? []).filter((x) => x.indicatorId !== null);
  const seen = new Set<number>();
  const options = [
    { value: "status", label: t("rank.byStatus") },
    { value: BY_INDEX_SCORE, label: t("rank.byIndexScore") },
    ...indicators
      .filter((x) => !seen.has(x.indicatorId!) && seen.add(x.indicatorId!))
      .map((x) => ({ value: String(x.indicatorId), label: `${x.code} · ${name(x.name, x.nameEn)}` })),
  ];

  return (
    <div data-testid="rankings-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t("rank.title")}
        {parentName ? ` · ${parentName}` : ""}
      </Typography.Title>
      <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", marginBottom: 12 }}>
        <span>{t("rank.by")}:</span>
        <Select
          value={by}
          onChange={setBy}
          options={options}
          showSearch={{ optionFilterProp: "label" }}
          style={{ minWidth: 240, maxWidth: "100%", flex: "1 1 240px" }}
          aria-label={t("rank.by")}
          data-testid="rank-by"
        />
      </div>
      <Card size="small">
        {byIndexScore ? (
          <IndexScoreRanking parentId={parentId} />
        ) : (
          <Loadable loading={r.loading} error={r.error} reload={r.reload}>
            <Table<TItem>
              size="small"
              rowKey="unitId"
              dataSource={r.data?.items ?? []}
              pagination={false}
              data-testid="ranking-table"
              columns={[
                {
                  title: t("col.rank"),
                  dataIndex: "rank",
                  width: 150,
                  defaultSortOrder: "ascend",
                  sorter: (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9),
                  render: (_, x) => <RankCell rank={x.rank} tied={x.tied} nowrap />,
                },
                {
                  title: t("col.unit"),
                  sorter: (a, b) => a.name.localeCompare(b.name, lang === "vi" ? "vi" : "en"),
                  render: (_, x) => <Link to={`/units/${x.unitId}`}>{x.name}</Link>,
                },
                {
                  title: t("col.value"),
                  align: "right",
                  sorter: (a, b) => (a.value ?? -1e18) - (b.value ?? -1e18),
                  render: (_, x) => x.display,
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t("rank.ties")}
            </Typography.Paragraph>
          </Loadable>
        )}
      </Card>
    </div>
  );
}
