/**
 * The header's selection shared by every page: which unit and which reporting period (and plan) the
 * figures are for. Kept in localStorage so a leader's phone reopens where it was.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { api } from "./api.ts";
import { useAuth } from "./auth.tsx";

/** The selected unit (id and display name), period code and plan. */
export interface TScope {
  unitId: number | null;
  unitName: string | null;
  period: string;
  planId: number | null;
}

interface TScopeState extends TScope {
  setUnit(unit: { id: number; name: string }): void;
  setPeriod(period: string): void;
  setPlanId(planId: number): void;
}

const STORAGE_KEY = "dxm.scope";

/** The default period: the latest 9-month, 6-month or year period that has surely ended or is under review. */
export function defaultPeriod(today = new Date()): string {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  if (m >= 10) return `${y}N9`;
  if (m >= 7) return `${y}S1`;
  return String(y - 1);
}

function load(): TScope {
  const base: TScope = { unitId: null, unitName: null, period: defaultPeriod(), planId: null };
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as Partial<TScope> | null;
    return saved ? { ...base, ...saved } : base;
  } catch {
    return base;
  }
}

const ScopeContext = createContext<TScopeState | null>(null);

/** Provides the header's unit/period/plan selection; picks the user's own unit and its plan when unset. */
export function ScopeProvider(props: { children: ReactNode }): ReactNode {
  const [scope, setScope] = useState<TScope>(load);
  const { me } = useAuth();

  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(scope));
    } catch {
      // not persisted
    }
  }, [scope]);

  // First visit: the unit of the user's first role, else the first province with a plan.
  useEffect(() => {
    if (scope.unitId !== null && scope.planId !== null && scope.unitName) return;
    let cancelled = false;
    (async () => {
      const plans = await api.get<{ items: Array<{ id: number; ownerUnitId: number }> }>("/plans", {
        limit: 50,
      });
      const roleUnit = me?.roles?.[0]?.unitId ?? null;
      const unitId =
        scope.unitId ?? (roleUnit && roleUnit > 0 ? roleUnit : (plans.items[0]?.ownerUnitId ?? null));
      const planId = scope.planId ?? plans.items[0]?.id ?? null;
      if (unitId === null || cancelled) return;
      const unit = await api.get<{ id: number; name: string; ancestors?: unknown[] }>(`/units/${unitId}`);
      if (!cancelled) setScope((s) => ({ ...s, unitId, unitName: s.unitName || unit.name, planId }));
    })().catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [me, scope.unitId, scope.planId, scope.unitName]);

  const setUnit = useCallback((u: { id: number; name: string }) => {
    setScope((s) => ({ ...s, unitId: u.id, unitName: u.name }));
  }, []);
  const setPeriod = useCallback((period: string) => setScope((s) => ({ ...s, period })), []);
  const setPlanId = useCallback((planId: number) => setScope((s) => ({ ...s, planId })), []);

  const value = useMemo(
    () => ({ ...scope, setUnit, setPeriod, setPlanId }),
    [scope, setUnit, setPeriod, setPlanId],
  );
  return <ScopeContext.Provider value={value}>{props.children}</ScopeContext.Provider>;
}

/** `const { unitId, period, planId, setUnit, setPeriod } = useScope()`. */
export function useScope(): TScopeState {
  const ctx = useContext(ScopeContext);
  if (!ctx) throw new Error("useScope outside ScopeProvider");
  return ctx;
}
