import { useSearchParams } from "react-router-dom";
import type { TPublicIndex } from "../../../server/public/routes.ts";
import { useApi } from "../../useApi.ts";

/** The public pages' selection, kept in the URL (?unit=&period=) so links can be shared. */
export function usePublicScope() {
  const [params, setParams] = useSearchParams();
  const index = useApi<TPublicIndex>("/public/index");
  const provinces = index.data?.provinces ?? [];
  const unitParam = Number(params.get("unit"));
  const province =
    provinces.find((p) => p.id === unitParam) ?? provinces.find((p) => p.periods.length > 0) ?? provinces[0];
  const unitId = unitParam > 0 ? unitParam : (province?.id ?? null);
  const periodParam = params.get("period");
  const period =
    periodParam && province?.periods.some((p) => p.period === periodParam)
      ? periodParam
      : (province?.periods[0]?.period ?? null);
  const set = (next: { unit?: number; period?: string }) => {
    const p = new URLSearchParams(params);
    if (next.unit !== undefined) p.set("unit", String(next.unit));
    if (next.period !== undefined) p.set("period", next.period);
    setParams(p, { replace: true });
  };
  return { index, provinces, province, unitId, period, set, query: params.toString() };
}
