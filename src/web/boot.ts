/**
 * Runs before the app's code has loaded (its own tiny entry in index.html): starts the session call and,
 * on the overview, the overview's figures, so they travel while React, Ant Design and the page download.
 */
import { prefetch } from "./api.ts";

prefetch("/auth/me");
if (location.pathname === "/") {
  try {
    const scope = JSON.parse(localStorage.getItem("dxm.scope") ?? "null") as {
      unitId?: number;
      planId?: number;
      period?: string;
    } | null;
    if (scope?.unitId && scope.planId && scope.period)
      prefetch("/progress/overview", { planId: scope.planId, unitId: scope.unitId, period: scope.period });
  } catch {
    // no saved scope: the page asks once it knows the unit
  }
}
