/**
 * The progress engine's database side: dashboards, target series, rankings and explanations of a
 * plan × unit × period, computed from data values rolled up in the writing transaction
 * (progress_rollup, migrations/0003_progress.sql) with the pure logic of src/core/.
 * See docs/progress-engine.md ("Database design").
 */
export { getTargetDetail, type TTargetDetailOptions } from "./progress/detail.ts";
export { explainTarget, type TExplainOptions } from "./progress/explain.ts";
export { getProgressOverview, type TOverviewOptions } from "./progress/overview.ts";
export {
  rankByIndicators,
  rankByStatus,
  type TRankIndicatorsOptions,
  type TRankStatusOptions,
} from "./progress/ranking.ts";
export { getIndicatorTable, type TIndicatorTableOptions } from "./progress/table.ts";
