import { Button, Card, Select, Typography } from "antd";
import { type ReactNode, useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";
import type { TProgressOverview, TRanking, TTargetDetail } from "../../../server/progress/schemas.ts";
import { ChoroplethMap, type TMapValue } from "../../charts/ChoroplethMap.tsx";
import { useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { type TStatus, useName } from "../dashboard/status.tsx";
import { useComparedParent } from "../dashboard/useParentUnit.ts";

/**
 * Choropleth of the chosen unit's children: provinces for the nation, communes for a province. Coloured
 * by targets achieved or by one target's status; hover shows the figure, click drills down.
 */
export default function MapPage(): ReactNode {
  const t = useT();
  const name = useName();
  const navigate = useNavigate();
  const { unitId, period, planId, setUnit } = useScope();
  const { parentId, name: parentName, parentOfParent } = useComparedParent(unitId);
  const [by, setBy] = useState<string>("status");
  const ov = useApi<TProgressOverview>(parentId && planId ? "/progress/overview" : null, {
    planId,
    unitId: parentId,
    period,
  });
  const ranking = useApi<TRanking>(parentId && planId && by === "status" ? "/progress/rankings" : null, {
    statusOf: planId,
    parentUnitId: parentId,
    period,
  });
  const detail = useApi<TTargetDetail>(parentId && by !== "status" ? `/progress/targets/${by}` : null, {
    unitId: parentId,
    period,
  });
  const values: TMapValue[] = useMemo(() => {
    if (by === "status")
      return (ranking.data?.items ?? []).map((x) => ({
        unitId: x.unitId,
        name: x.name,
        value: x.value,
        display: `${x.display} ${t("overview.targetsAchieved")}`,
      }));
    return (detail.data?.breakdown ?? []).map((b) => ({
      unitId: b.unitId,
      name: b.name,
      value: b.figure.value,
      display: b.figure.display,
      status: b.status as TStatus,
    }));
  }, [by, ranking.data, detail.data, t]);
  const names = new Map(values.map((v) => [v.unitId, v.name]));

  return (
    <div data-testid="map-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t("map.title")}
        {parentName ? ` · ${parentName}` : ""}
      </Typography.Title>
      <div style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}>
        <Select
          value={by}
          onChange={setBy}
          showSearch={{ optionFilterProp: "label" }}
          aria-label={t("map.indicator")}
          style={{ minWidth: 240, maxWidth: "100%", flex: "1 1 240px" }}
          options={[
            { value: "status", label: t("rank.byStatus") },
            ...(ov.data?.targets ?? []).map((x) => ({
              value: String(x.targetId),
              label: `${x.code} · ${name(x.name, x.nameEn)}`,
            })),
          ]}
        />
        {parentOfParent && (
          <Button onClick={() => setUnit({ id: parentOfParent, name: "" })}>{t("map.up")}</Button>
        )}
      </div>
      <Card size="small">
        {parentId !== null && (
          <ChoroplethMap
            parentId={parentId}
            values={values}
            height={520}
            direction={detail.data?.target.direction}
            ariaLabel={`${t("map.title")} ${parentName ?? ""}`}
            onSelect={(id) => {
              // Provinces drill into their communes; communes open their page.
              if (parentOfParent === null) setUnit({ id, name: names.get(id) ?? String(id) });
              else navigate(`/units/${id}`);
            }}
          />
        )}
        <Typography.Text type="secondary">{t("map.hint")}</Typography.Text>
      </Card>
    </div>
  );
}
