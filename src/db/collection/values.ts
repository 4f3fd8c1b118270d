/** Writing a submission's figures into data_value (rollups follow through the 0003 triggers). */
import { sql } from "drizzle-orm";
import { type Db, rows } from "../client.ts";
import { upsertDataValues } from "../values.ts";

/** One figure as a form sends it; null clears a field (the row stays, nothing is deleted). */
export interface TValueInput {
  indicatorId: number;
  numerator?: number | null;
  denominator?: number | null;
  value?: number | null;
  comment?: string | null;
}

/** A stored figure of a submission. */
export interface TStoredValue {
  id: number;
  indicatorId: number;
  numerator: string | null;
  denominator: string | null;
  value: string | null;
  comment: string | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/**
 * Writes the figures of one unit × period through the shared write path (upsertDataValues: validated,
 * audited row by row, locked values refused, rollups maintained). A field whose figures are all cleared
 * is retired (soft delete). Rows whose content did not change are not touched. Returns rows changed.
 */
export async function writeSubmissionValues(
  tx: Db,
  options: {
    provinceId: number;
    orgUnitId: number;
    period: string;
    dataSetId: number;
    actor: string;
    status: "draft" | "submitted";
    values: TValueInput[];
  },
): Promise<number> {
  if (options.values.length === 0) return 0;
  const r = await upsertDataValues({
    db: tx,
    actor: options.actor,
    status: options.status,
    dataSetId: options.dataSetId,
    values: options.values.map((v) => {
      const empty = [v.numerator, v.denominator, v.value].every((x) => x === null || x === undefined);
      return {
        indicatorId: v.indicatorId,
        orgUnitId: options.orgUnitId,
        period: options.period,
        numerator: v.numerator ?? null,
        denominator: v.denominator ?? null,
        value: v.value ?? null,
        comment: v.comment ?? null,
        delete: empty,
      };
    }),
  });
  return r.inserted + r.updated + r.deleted;
}

/** Moves every figure of the submission to a workflow status (draft, submitted, approved, locked). */
export async function setValuesStatus(
  tx: Db,
  options: { provinceId: number; orgUnitId: number; period: string; indicatorIds: number[]; status: string },
): Promise<void> {
  await tx.execute(sql`update data_value set status = ${options.status}, updated_at = now()
    where province_id = ${options.provinceId} and org_unit_id = ${options.orgUnitId} and period = ${options.period}
      and indicator_id = any(${`{${options.indicatorIds.join(",")}}`}::int[]) and status <> ${options.status}`);
}

/** The stored figures of one unit × period for the given indicators. */
export function readSubmissionValues(
  db: Db,
  options: { provinceId: number; orgUnitId: number; period: string; indicatorIds: number[] },
): Promise<TStoredValue[]> {
  return rows<TStoredValue>(
    db,
    sql`select id, indicator_id as "indicatorId", numerator::text, denominator::text, value::text, comment, version,
        updated_by as "updatedBy", updated_at::text as "updatedAt"
      from data_value where province_id = ${options.provinceId} and org_unit_id = ${options.orgUnitId}
        and period = ${options.period} and deleted_at is null
        and indicator_id = any(${`{${options.indicatorIds.join(",")}}`}::int[])`,
  );
}
