import { Alert, Spin } from "antd";
import { type ReactNode, useMemo } from "react";
import type { TBoundaryCollection } from "../../server/geo/schemas.ts";
import { useT } from "../i18n/index.ts";
import { STATUS_COLOR, type TStatus } from "../pages/dashboard/status.tsx";
import { useApi } from "../useApi.ts";
import { EChart, registerMap } from "./EChart.tsx";

/** A unit's figure on the map. */
export interface TMapValue {
  unitId: number;
  name: string;
  value: number | null;
  display: string;
  /** When given, the area takes the status colour (otherwise a blue scale by value). */
  status?: TStatus;
}

const registered = new Set<string>();

/**
 * Choropleth of a unit's children (provinces of the nation, communes of a province) from the uploaded
 * boundaries. Hover shows the figure; click calls `onSelect` with the unit id (drill down).
 */
export function ChoroplethMap(props: {
  parentId: number;
  values: TMapValue[];
  onSelect?: (unitId: number) => void;
  height?: number;
  ariaLabel: string;
  /** "higher": darker = more; "lower": darker = less (for lower-is-better indicators). */
  direction?: "higher" | "lower";
}): ReactNode {
  const t = useT();
  const geo = useApi<TBoundaryCollection>(`/geo/units/${props.parentId}/children`);
  const mapName = `dxm-${props.parentId}`;

  const ready = useMemo(() => {
    if (!geo.data || geo.data.features.length === 0) return false;
    if (!registered.has(mapName)) {
      registerMap(mapName, {
        type: "FeatureCollection",
        features: geo.data.features.map((f) => ({
          ...f,
          properties: { ...f.properties, name: String(f.id) },
        })),
      });
      registered.add(mapName);
    }
    return true;
  }, [geo.data, mapName]);

  const option = useMemo(() => {
    if (!ready || !geo.data) return null;
    const byId = new Map(props.values.map((v) => [v.unitId, v]));
    const names = new Map(geo.data.features.map((f) => [String(f.id), f.properties.name]));
    const nums = props.values.map((v) => v.value).filter((v): v is number => v !== null);
    const withStatus = props.values.some((v) => v.status);
    const data = geo.data.features.map((f) => {
      const v = byId.get(f.id);
      const item: Record<string, unknown> = { name: String(f.id), value: v?.value ?? null };
      if (withStatus) item.itemStyle = { areaColor: v?.status ? STATUS_COLOR[v.status] : "#eaeef2" };
      return item;
    });
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { name: string }) => {
          const v = byId.get(Number(p.name));
          const label = names.get(p.name) ?? p.name;
          return `<b>${escapeHtml(label)}</b><br/>${escapeHtml(v ? v.display : t("map.noData"))}${
            v?.status ? ` · ${escapeHtml(t(`status.${v.status}`))}` : ""
          }`;
        },
      },
      visualMap:
        withStatus || nums.length === 0
          ? undefined
          : {
              type: "continuous",
              min: Math.min(...nums),
              max: Math.max(...nums) === Math.min(...nums) ? Math.min(...nums) + 1 : Math.max(...nums),
              inverse: false,
              inRange: {
                color:
                  props.direction === "lower"
                    ? ["#08306b", "#4292c6", "#deebf7"]
                    : ["#deebf7", "#4292c6", "#08306b"],
              },
              calculable: false,
              text: [formatVn(Math.max(...nums)), formatVn(Math.min(...nums))],
              orient: "horizontal",
              left: "center",
              bottom: 0,
              itemHeight: 120,
              textStyle: { fontSize: 11 },
              formatter: (v: number) => formatVn(v),
            },
      series: [
        {
          type: "map",
          map: mapName,
          roam: true,
          selectedMode: false,
          data,
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffd33d" } },
          itemStyle: { borderColor: "#ffffff", borderWidth: 0.8, areaColor: "#eaeef2" },
          label: { show: false },
          layoutCenter: ["50%", "48%"],
          layoutSize: "92%",
        },
      ],
    };
  }, [ready, geo.data, props.values, props.direction, mapName, t]);

  if (geo.loading)
    return (
      <div style={{ padding: 40, textAlign: "center" }}>
        <Spin />
      </div>
    );
  if (!ready || !option)
    return <Alert type="info" showIcon title={t("map.noBoundaries")} data-testid="map-empty" />;
  return (
    <EChart
      option={option}
      style={{ height: props.height ?? 420 }}
      ariaLabel={props.ariaLabel}
      testId="choropleth"
      onClick={(p) => {
        const id = Number(p.name);
        if (Number.isFinite(id)) props.onSelect?.(id);
      }}
    />
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Vietnamese number for legend ticks (max two decimals). */
function formatVn(v: number): string {
  return v.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
}
