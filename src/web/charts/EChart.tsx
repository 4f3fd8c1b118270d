/**
 * A React wrapper for ECharts with only the pieces the dashboards draw (line, bar, map), so the chart
 * chunk stays small and loads only on pages that show charts.
 */
import { BarChart, LineChart, MapChart } from "echarts/charts";
import {
  DataZoomComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { type CSSProperties, type ReactNode, useEffect, useRef } from "react";

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  VisualMapComponent,
  GeoComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

/** ECharts option object. */
export type TChartOption = echarts.EChartsCoreOption;

/** Registers GeoJSON under a map name (idempotent per name). */
export function registerMap(name: string, geoJson: unknown): void {
  echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
}

/** One chart; `onClick` receives the clicked item's name and data. */
export function EChart(props: {
  option: TChartOption;
  style?: CSSProperties;
  onClick?: (params: { name: string; data: unknown; dataIndex: number }) => void;
  /** Accessible description of what the chart shows (the data table sits next to it). */
  ariaLabel: string;
  testId?: string;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: "canvas" });
    chart.current = c;
    c.on("click", (p) => {
      const params = p as unknown as { name: string; data: unknown; dataIndex: number };
      onClick.current?.(params);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
      style={{ width: "100%", height: 320, ...props.style }}
    />
  );
}
