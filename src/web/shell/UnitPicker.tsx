import { Select } from "antd";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n/index.ts";
import { useScope } from "../scope.tsx";

interface TUnitOption {
  id: number;
  name: string;
  fullName: string | null;
  kind: string;
  code: string;
}

/** Header unit selector: type to search /api/units?q=, pick to set the scope. */
export function UnitPicker(props: { style?: React.CSSProperties }): ReactNode {
  const t = useT();
  const { unitId, unitName, setUnit } = useScope();
  const [options, setOptions] = useState<TUnitOption[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ctrl = useRef<AbortController | null>(null);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      setLoading(true);
      try {
        const r = await api.get<{ items: TUnitOption[] }>(
          "/units",
          { q: q.trim() || undefined, limit: 30 },
          c.signal,
        );
        setOptions(r.items);
      } catch {
        // aborted or offline: keep the previous options
      } finally {
        if (ctrl.current === c) setLoading(false);
      }
    }, 200);
  };

  useEffect(() => () => ctrl.current?.abort(), []);

  const current = unitId !== null ? [{ value: unitId, label: unitName ?? String(unitId) }] : [];
  const rest = options
    .filter((o) => o.id !== unitId)
    .map((o) => ({ value: o.id, label: o.fullName ?? o.name }));
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: search }}
      aria-label={t("header.unit")}
      placeholder={t("header.unitSearch")}
      value={unitId ?? undefined}
      options={[...current, ...rest]}
      loading={loading}
      onOpenChange={(open) => {
        if (open && options.length === 0) search("");
      }}
      onChange={(id, opt) => {
        const o = Array.isArray(opt) ? opt[0] : opt;
        setUnit({ id, name: String(o?.label ?? id) });
      }}
      style={props.style}
      popupMatchSelectWidth={false}
      data-testid="unit-picker"
    />
  );
}
