/**
 * Pieces shared by the evaluation pages: status tags, number formatting, the per-criterion answer input
 * (one control per scoring type, sized for a phone) and a short text of an answer.
 */
import { Input, Radio, Space, Switch, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import type { TAnswer, TCriterion } from "../../../core/evaluation/index.ts";
import { formatNumber } from "../../../core/vn-number.ts";
import type { TRound } from "../../../server/evaluation/schemas.ts";
import { DecimalInput } from "../../components/DecimalInput.tsx";
import { useLang, useT } from "../../i18n/index.ts";

/** Formats a number with Vietnamese (or English) separators; `trim` drops trailing zeros (points: "10", "2,5"). */
export function useFmt(): (
  value: number | null | undefined,
  decimals?: number | { decimals: number; trim: boolean },
) => string {
  const { lang } = useLang();
  return (value, decimals) =>
    typeof decimals === "object"
      ? formatNumber(value, { decimals: decimals.decimals, locale: lang, trimZeros: decimals.trim })
      : formatNumber(value, { decimals, locale: lang });
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as Vietnam wall-clock time (UTC+7, no daylight saving), read with the UTC getters. */
const inVietnam = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000);

/** Formats an ISO date-time as its date in Vietnam: "15/12/2026". */
export function formatVietnamDate(iso: string | null): string {
  if (!iso) return "—";
  const v = inVietnam(iso);
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** Formats an ISO date-time in Vietnam time: "17:00 15/12/2026". */
export function formatDeadline(iso: string | null): string {
  if (!iso) return "—";
  const v = inVietnam(iso);
  return `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())} ${formatVietnamDate(iso)}`;
}

const PHASE_COLOR: Record<TRound["phase"], string> = {
  self_assessment: "blue",
  appraisal: "orange",
  published: "green",
};

/** Tag of a round's phase. */
export function PhaseTag(props: { phase: TRound["phase"] }): ReactNode {
  const t = useT();
  return <Tag color={PHASE_COLOR[props.phase]}>{t(`eval.phase.${props.phase}`)}</Tag>;
}

const STATUS_COLOR: Record<string, string> = {
  not_started: "default",
  draft: "gold",
  submitted: "blue",
  appraised: "green",
};

/** Tag of a participant's status. */
export function StatusTag(props: { status: string }): ReactNode {
  const t = useT();
  return <Tag color={STATUS_COLOR[props.status] ?? "default"}>{t(`eval.status.${props.status}`)}</Tag>;
}

const APPRAISAL_COLOR: Record<string, string> = {
  pending: "default",
  accepted: "green",
  adjusted: "orange",
  evidence_requested: "red",
};

/** Tag of an appraisal decision. */
export function AppraisalTag(props: { appraisal: string }): ReactNode {
  const t = useT();
  return (
    <Tag color={APPRAISAL_COLOR[props.appraisal] ?? "default"}>{t(`eval.appraisal.${props.appraisal}`)}</Tag>
  );
}

/** A short text of an answer for tables ("45/50", "Có · 1 minh chứng", option label). */
export function useAnswerText(): (criterion: TCriterion, answer: TAnswer | null | undefined) => string {
  const t = useT();
  const fmt = useFmt();
  const { lang } = useLang();
  return (c, a) => {
    if (!a) return "—";
    const s = c.scoring;
    const evidence = a.evidence?.length
      ? ` · ${a.evidence.length} ${t("eval.evidenceShort").toLowerCase()}`
      : "";
    switch (s.type) {
      case "ratio":
        return `${fmt(a.numerator)}/${fmt(a.denominator)}`;
      case "steps":
      case "indicator":
        return `${fmt(a.value)}${c.unit ? ` ${c.unit}` : ""}`;
      case "categorical": {
        const o = s.options.find((x) => x.code === a.option);
        return o ? (lang === "en" ? (o.labelEn ?? o.labelVi) : o.labelVi) : (a.option ?? "—");
      }
      case "boolean_evidence":
        return `${a.met ? t("eval.yes") : t("eval.no")}${evidence}`;
      case "direct":
        return t("eval.points", { points: fmt(a.points), max: fmt(c.maxPoints) });
    }
  };
}

/** Requirement tags (mandatory / extended) of a criterion. */
export function RequirementTag(props: { requirement: string | null | undefined }): ReactNode {
  const t = useT();
  if (!props.requirement) return null;
  return (
    <Tag color={props.requirement === "mandatory" ? "purple" : "cyan"}>
      {t(props.requirement === "mandatory" ? "eval.mandatory" : "eval.extended")}
    </Tag>
  );
}

/**
 * The input of one criterion's answer: numerator/denominator, a value, an option, yes + evidence, points.
 * Indicator criteria show the reported figure and take an entered value only when there is none.
 */
export function AnswerInput(props: {
  criterion: TCriterion;
  value: TAnswer | undefined;
  onChange: (next: TAnswer) => void;
  disabled?: boolean;
  indicatorValue?: number | null;
}): ReactNode {
  const t = useT();
  const fmt = useFmt();
  const { lang } = useLang();
  const { criterion: c, disabled } = props;
  const a = props.value ?? {};
  const set = (patch: Partial<TAnswer>) => props.onChange({ ...a, ...patch });
  const num = (v: number | string | null) => (v === null || v === "" ? undefined : Number(v));
  const s = c.scoring;
  const testId = `answer-${c.code}`;
  switch (s.type) {
    case "ratio":
      return (
        <Space wrap data-testid={testId}>
          <DecimalInput
            aria-label={t("eval.numerator")}
            placeholder={t("eval.numerator")}
            min={0}
            value={a.numerator}
            disabled={disabled}
            onChange={(v) => set({ numerator: num(v) })}
            style={{ width: 130 }}
          />
          <span>/</span>
          <DecimalInput
            aria-label={t("eval.denominator")}
            placeholder={t("eval.denominator")}
            min={0}
            value={a.denominator}
            disabled={disabled}
            onChange={(v) => set({ denominator: num(v) })}
            style={{ width: 130 }}
          />
        </Space>
      );
    case "steps":
      return (
        <Space data-testid={testId}>
          <DecimalInput
            aria-label={t("eval.value")}
            min={0}
            value={a.value}
            disabled={disabled}
            onChange={(v) => set({ value: num(v) })}
            style={{ width: 150 }}
          />
          {c.unit ? <span>{c.unit}</span> : null}
        </Space>
      );
    case "indicator":
      if (props.indicatorValue !== null && props.indicatorValue !== undefined) {
        return (
          <Typography.Text data-testid={testId} type="secondary">
            {t("eval.indicatorValue", {
              value: `${fmt(props.indicatorValue, 1)}${c.unit ? ` ${c.unit}` : ""}`,
            })}
          </Typography.Text>
        );
      }
      return (
        <Space orientation="vertical" data-testid={testId}>
          <Typography.Text type="secondary">{t("eval.indicatorMissing")}</Typography.Text>
          <DecimalInput
            aria-label={t("eval.value")}
            value={a.value}
            disabled={disabled}
            onChange={(v) => set({ value: num(v) })}
            style={{ width: 150 }}
          />
        </Space>
      );
    case "categorical":
      return (
        <Radio.Group
          data-testid={testId}
          value={a.option}
          disabled={disabled}
          onChange={(e) => set({ option: e.target.value as string })}
        >
          <Space orientation="vertical">
            {s.options.map((o) => (
              <Radio key={o.code} value={o.code}>
                {lang === "en" ? (o.labelEn ?? o.labelVi) : o.labelVi}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case "boolean_evidence":
      return (
        <Space orientation="vertical" style={{ width: "100%" }} data-testid={testId}>
          <Space>
            <Switch
              aria-label={t("eval.met")}
              checked={a.met === true}
              disabled={disabled}
              onChange={(v) => set({ met: v })}
            />
            <span>{a.met ? t("eval.yes") : t("eval.no")}</span>
          </Space>
          <Input.TextArea
            aria-label={t("eval.evidence")}
            placeholder={t("eval.evidence")}
            autoSize={{ minRows: 1, maxRows: 4 }}
            disabled={disabled}
            value={(a.evidence ?? []).join("\n")}
            onChange={(e) =>
              set({
                evidence: e.target.value
                  .split("\n")
                  .map((x) => x.trim())
                  .filter((x, i, all) => x !== "" || i === all.length - 1),
              })
            }
          />
        </Space>
      );
    case "direct":
      return (
        <Space data-testid={testId}>
          <DecimalInput
            aria-label={t("eval.directPoints")}
            min={0}
            max={c.maxPoints}
            step={0.5}
            value={a.points}
            disabled={disabled}
            onChange={(v) => set({ points: num(v) })}
            style={{ width: 120 }}
          />
          <span>/ {fmt(c.maxPoints)}</span>
        </Space>
      );
  }
}

/** Cleans an answer before sending it (empty evidence lines dropped). */
export function cleanAnswer(a: TAnswer): TAnswer {
  return a.evidence ? { ...a, evidence: a.evidence.filter((e) => e.trim() !== "") } : a;
}
