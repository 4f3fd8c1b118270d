/** Plan annexes: reading a pasted or uploaded table of targets into a plan. */
export * from "./mapping.ts";
export * from "./parse.ts";
export * from "./pillar.ts";
export * from "./table.ts";
