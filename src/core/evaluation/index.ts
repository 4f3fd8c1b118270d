/**
 * Evaluation indices (DTI and provincial indices): frameworks as data, scoring, normalisation,
 * results, rank sensitivity and recognition. Pure domain logic, no I/O.
 */
export * from "./framework.ts";
export * from "./normalise.ts";
export * from "./recognition.ts";
export * from "./results.ts";
export * from "./scoring.ts";
export * from "./sensitivity.ts";
export * from "./templates.ts";
