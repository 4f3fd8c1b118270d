/**
 * Pure domain logic of the progress engine (no I/O): periods, Vietnamese numbers, formulas,
 * aggregation, target status, forecast, ranking and explanation trails.
 */
export * from "./aggregate.ts";
export * from "./explain.ts";
export * from "./forecast.ts";
export * from "./formula/index.ts";
export * from "./period.ts";
export * from "./ranking.ts";
export * from "./status.ts";
export * from "./vn-number.ts";
