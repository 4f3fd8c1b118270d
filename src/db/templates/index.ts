/** Plan templates shipped with the product, by code. */
import { QD411 } from "./qd411.ts";
import { QD749 } from "./qd749.ts";
import type { TPlanTemplate } from "./types.ts";

export type { TPlanTemplate, TTemplateTarget } from "./types.ts";

/** Every shipped template. */
export const PLAN_TEMPLATES: readonly TPlanTemplate[] = [QD749, QD411];

/** A template by code, or undefined. */
export function findTemplate(code: string): TPlanTemplate | undefined {
  return PLAN_TEMPLATES.find((t) => t.code === code);
}
