/** Pieces shared by the designer pages: error text, status tags, unit-group and pillar options. */
import { Tag } from "antd";
import type { ReactNode } from "react";
import type { TPillar } from "../../../server/plans/schemas.ts";
import { ApiError } from "../../api.ts";
import { type TLang, type TTranslate, useT } from "../../i18n/index.ts";

/** The message of any error in the current language. */
export function errText(e: unknown, lang: TLang): string {
  return e instanceof ApiError ? e.text(lang) : String(e);
}

const STATUS_COLOR: Record<string, string> = { draft: "blue", active: "green", retired: "default" };

/** A plan/form/indicator status as a coloured tag. */
export function StatusTag(props: { status: string; readOnly?: boolean }): ReactNode {
  const t = useT();
  return (
    <>
      <Tag color={STATUS_COLOR[props.status] ?? "default"}>{t(`dz.status.${props.status}`)}</Tag>
      {props.readOnly && props.status !== "retired" ? <Tag>{t("dz.readOnly")}</Tag> : null}
    </>
  );
}

/** Options of the unit-group selector. */
export function groupOptions(t: TTranslate): Array<{ value: string; label: string }> {
  return ["province", "agency", "commune"].map((g) => ({ value: g, label: t(`dz.group.${g}`) }));
}

/** Options of a pillar selector. */
export function pillarOptions(pillars: TPillar[], lang: TLang): Array<{ value: number; label: string }> {
  return pillars.map((p) => ({ value: p.id, label: lang === "vi" ? p.name : p.nameEn }));
}

/** Period type options. */
export function periodTypeOptions(t: TTranslate): Array<{ value: string; label: string }> {
  return ["month", "quarter", "half_year", "nine_months", "year"].map((p) => ({
    value: p,
    label: t(`period.${p}`),
  }));
}
