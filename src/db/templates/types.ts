/** Plan templates shipped with the product: national programmes a province copies into its own plan. */
import type { TAnnexKind } from "../../core/annex/parse.ts";
import type { TPillarCode } from "../../core/annex/pillar.ts";

/** One target of a template, with where in the legal text it comes from. */
export interface TTemplateTarget {
  code: string;
  pillar: TPillarCode;
  name: string;
  nameEn: string;
  kind: TAnnexKind | "ratio";
  unit: string | null;
  direction: "higher" | "lower";
  /** Target value by year, as decimal text. */
  values: Partial<Record<2025 | 2030, string>>;
  /** Unit groups a province usually applies it to. */
  appliesTo: Array<"province" | "agency" | "commune">;
  /** The article of the decision the figure comes from. */
  source: string;
  /** Anything we are not sure of, or how to read the figure; shown to the user. */
  note?: string;
}

/** A template: the legal basis and its targets. */
export interface TPlanTemplate {
  code: string;
  name: string;
  nameEn: string;
  legalNumber: string;
  legalIssuer: string;
  legalDate: string;
  startYear: number;
  endYear: number;
  summary: string;
  targets: TTemplateTarget[];
}
