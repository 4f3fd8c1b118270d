/**
 * The report model: everything a review report says, already decided by the progress engine and the
 * collection tables. The document generators read only this, so they never recompute a figure.
 */
import type { TTargetStatus } from "../status.ts";

/** Status counts of a group of targets (overall or one pillar). `achieved` includes `exceeded`. */
export interface TReportCounts {
  total: number;
  achieved: number;
  exceeded: number;
  near: number;
  behind: number;
  noData: number;
  /** achieved/total as the progress engine displays it ("36,8%", plan rounding). */
  percent: string;
}

/** One pillar (or foundation) with its counts. */
export interface TReportPillar {
  code: string;
  name: string;
  kind: "pillar" | "foundation";
  counts: TReportCounts;
}

/**
 * One target row. Figures are the progress engine's display strings ("89,5%", "1.545"), already
 * rounded with the plan's rounding mode: the report never rounds again.
 */
export interface TReportTarget {
  code: string;
  name: string;
  pillarCode: string | null;
  /** Measure unit shown after a count ("tổ", "xã"); null or "%" when the display carries it. */
  measureUnit: string | null;
  /** Year of the plan value used. */
  planYear: number | null;
  planDisplay: string;
  actualDisplay: string;
  status: TTargetStatus;
  responsibleUnitName: string | null;
}

/** A unit in the "units behind" list. */
export interface TReportUnitRow {
  name: string;
  achieved: number;
  total: number;
}

/** Narrative sections of the units' submissions. */
export type TNarrativeSection = "results" | "shortcomings" | "causes" | "proposals";

/** One unit's text for one section. */
export interface TReportNarrative {
  section: TNarrativeSection;
  unitName: string;
  text: string;
}

/** Task states. */
export type TTaskStatus = "open" | "in_progress" | "done" | "cancelled";

/** A task assigned at an earlier session, as followed up in this report. */
export interface TReportTask {
  title: string;
  responsibleUnitName: string;
  deadline: string | null;
  status: TTaskStatus;
  overdue: boolean;
  /** Latest progress note. */
  lastProgress: string | null;
}

/** Who issues the report and how it is numbered (Decree 30/2020/NĐ-CP header). */
export interface TReportIssuer {
  /** Upper line of the issuing body, e.g. "UBND TỈNH MINH HỌA". */
  parentBody: string;
  /** Issuing body, e.g. "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ". */
  body: string;
  /** Place name in the date line, e.g. "Minh Họa". */
  place: string;
  /** Document number ("…" when not yet numbered). */
  number: string;
  /** Symbol after the number, e.g. "BC-BCĐ". */
  symbol: string;
  /** Issue date, ISO YYYY-MM-DD. */
  date: string;
  signerTitle: string;
  signerName: string;
  recipients: string[];
}

/** Everything the report says. */
export interface TReportModel {
  issuer: TReportIssuer;
  unitName: string;
  planName: string;
  /** Period code, e.g. "2026N9". */
  period: string;
  counts: TReportCounts;
  pillars: TReportPillar[];
  targets: TReportTarget[];
  unitsBehind: TReportUnitRow[];
  /** Figures reported / expected from the units below, with the engine's display of the share. */
  completeness: { reported: number; expected: number; percent: string } | null;
  /** null when the collection tables are not available; [] when units wrote nothing yet. */
  narratives: TReportNarrative[] | null;
  /** Tasks of earlier sessions followed up here; null when there was no earlier session. */
  previousTasks: { sessionTitle: string; tasks: TReportTask[] } | null;
}
