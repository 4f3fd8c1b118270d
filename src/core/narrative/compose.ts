/**
 * Writes the review report from the report model and the (possibly edited) sentence templates:
 * every figure comes from the model, every sentence from a template, every number through vn-number.
 */
import { periodLabel, periodType } from "../period.ts";
import { STATUS_LABELS, type TTargetStatus } from "../status.ts";
import { formatNumber, formatPercent } from "../vn-number.ts";
import { DEFAULT_TEMPLATES } from "./defaults.ts";
import type { TDocBlock, TDocTable, TReportDocument } from "./document.ts";
import type {
  TNarrativeSection,
  TReportCounts,
  TReportModel,
  TReportTarget,
  TReportTask,
  TTaskStatus,
} from "./model.ts";
import { renderTemplate, type TTemplateValues } from "./template.ts";

/** Template texts by key (overrides); missing keys fall back to the shipped defaults. */
export type TTemplateTexts = Partial<Record<string, string>>;

/** Options of {@link composeReport}. */
export interface TComposeOptions {
  model: TReportModel;
  /** Template overrides by key (from the database). */
  templates?: TTemplateTexts;
  lang?: "vi" | "en";
  /** Longest list written into one sentence before "…" (tables carry the full list). */
  maxListItems?: number;
}

const LABELS = {
  vi: {
    nationalTitle: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto: "Độc lập - Tự do - Hạnh phúc",
    number: "Số",
    title: "BÁO CÁO",
    review: "Sơ kết công tác chuyển đổi số {period} và nhiệm vụ trọng tâm thời gian tới",
    yearReview: "Tổng kết công tác chuyển đổi số {period} và phương hướng, nhiệm vụ năm tiếp theo",
    s1: "I. KẾT QUẢ THỰC HIỆN",
    s1a: "1. Kết quả chung",
    s1b: "2. Kết quả theo trụ cột và nền tảng",
    s1c: "3. Kết quả nổi bật do các đơn vị báo cáo",
    s2: "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    s2a: "1. Tồn tại, hạn chế",
    s2b: "2. Nguyên nhân",
    s3: "III. KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO",
    s4: "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    noPrevious: "Đây là kỳ sơ kết đầu tiên; chưa có nhiệm vụ được giao từ hội nghị trước.",
    stt: "STT",
    target: "Mục tiêu",
    plan: "Kế hoạch",
    actual: "Thực hiện",
    status: "Đánh giá",
    unit: "Đơn vị",
    achieved: "Số mục tiêu đạt",
    share: "Tỷ lệ",
    task: "Nhiệm vụ",
    responsible: "Đơn vị chủ trì",
    deadline: "Thời hạn",
    result: "Kết quả",
    tablePillar: "Bảng {n}. Kết quả các mục tiêu {pillar}",
    tableUnits: "Bảng {n}. Các đơn vị có tỷ lệ hoàn thành mục tiêu thấp",
    tableTasks: "Bảng {n}. Tình hình thực hiện nhiệm vụ được giao",
    recipients: "Nơi nhận:",
    capacity: "TM.",
    placeDate: "{place}, ngày {d} tháng {m} năm {y}",
    noUnits: "Không có đơn vị nào có tỷ lệ hoàn thành thấp.",
    none: "Không có.",
    task_open: "Chưa thực hiện",
    task_in_progress: "Đang thực hiện",
    task_done: "Đã hoàn thành",
    task_cancelled: "Đã hủy",
    overdue: "quá hạn",
  },
  en: {
    nationalTitle: "SOCIALIST REPUBLIC OF VIETNAM",
    motto: "Independence - Freedom - Happiness",
    number: "No.",
    title: "REPORT",
    review: "Review of digital transformation, {period}, and priorities ahead",
    yearReview: "Annual review of digital transformation, {period}, and directions for next year",
    s1: "I. RESULTS",
    s1a: "1. Overall",
    s1b: "2. Results by pillar and foundation",
    s1c: "3. Highlights reported by units",
    s2: "II. SHORTCOMINGS AND CAUSES",
    s2a: "1. Shortcomings",
    s2b: "2. Causes",
    s3: "III. FOLLOW-UP OF ASSIGNED TASKS",
    s4: "IV. PROPOSALS",
    noPrevious: "This is the first review; no tasks were assigned at an earlier session.",
    stt: "No.",
    target: "Target",
    plan: "Plan",
    actual: "Actual",
    status: "Status",
    unit: "Unit",
    achieved: "Targets achieved",
    share: "Share",
    task: "Task",
    responsible: "Responsible unit",
    deadline: "Deadline",
    result: "Result",
    tablePillar: "Table {n}. Targets of {pillar}",
    tableUnits: "Table {n}. Units with a low share of targets achieved",
    tableTasks: "Table {n}. Follow-up of assigned tasks",
    recipients: "Recipients:",
    capacity: "ON BEHALF OF",
    placeDate: "{place}, {y}-{m}-{d}",
    noUnits: "No unit has a low share of targets achieved.",
    none: "None.",
    task_open: "Not started",
    task_in_progress: "In progress",
    task_done: "Done",
    task_cancelled: "Cancelled",
    overdue: "overdue",
  },
} as const;

type TLabels = (typeof LABELS)["vi"] | (typeof LABELS)["en"];

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(values[k] ?? ""));
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase("vi") + s.slice(1);
}

/** "Minh Họa, ngày 05 tháng 02 năm 2026": Decree 30 pads days below 10 and months 1–2 with a zero. */
export function placeDateLine(options: { place: string; date: string; lang?: "vi" | "en" }): string {
  const [y, m, d] = options.date.split("-").map(Number);
  const L = LABELS[options.lang ?? "vi"];
  const dd = d < 10 ? `0${d}` : String(d);
  const mm = m < 3 ? `0${m}` : String(m);
  return fill(L.placeDate, {
    place: options.place,
    d: dd,
    m: options.lang === "en" ? String(m).padStart(2, "0") : mm,
    y,
  });
}

/**
 * The engine's display of a figure with its measure unit: "89,5%" stays, "1.545" + "tổ" → "1.545 tổ",
 * a missing figure stays "—". Never re-rounds.
 */
export function formatMeasure(options: { display: string; measureUnit: string | null }): string {
  const { display, measureUnit } = options;
  if (!measureUnit || measureUnit === "%" || display === "—" || display.endsWith(measureUnit)) return display;
  return `${display} ${measureUnit}`;
}

function countValues(c: TReportCounts, lang: "vi" | "en"): TTemplateValues {
  const f = (n: number) => formatNumber(n, { locale: lang });
  return {
    achieved: f(c.achieved),
    total: f(c.total),
    // The engine's display (plan rounding); English swaps the separators of the same digits.
    percent: lang === "vi" ? c.percent : c.percent.replace(/[.,]/g, (ch) => (ch === "." ? "," : ".")),
    exceeded: f(c.exceeded),
    near: f(c.near),
    behind: f(c.behind),
    noData: f(c.noData),
  };
}

function statusLabel(s: TTargetStatus, lang: "vi" | "en"): string {
  return STATUS_LABELS[s][lang];
}

function joinList(items: string[], max: number): string {
  if (items.length <= max) return items.join("; ");
  return `${items.slice(0, max).join("; ")}; …`;
}

function taskLabel(t: TReportTask, L: TLabels): string {
  const key = `task_${t.status}` as `task_${TTaskStatus}`;
  const base = L[key];
  return t.overdue && t.status !== "done" && t.status !== "cancelled" ? `${base} (${L.overdue})` : base;
}

/**
 * Composes the report document. Pure: the same model and templates always give the same document.
 */
export function composeReport(options: TComposeOptions): TReportDocument {
  const lang = options.lang ?? "vi";
  const L = LABELS[lang];
  const max = options.maxListItems ?? 8;
  const { model } = options;
  const t = (key: string, values: TTemplateValues): string => {
    const def = DEFAULT_TEMPLATES.find((d) => d.key === key);
    if (!def) throw new Error(`unknown template ${key}`);
    const text = (lang === "vi" ? options.templates?.[key] : undefined) ?? def[lang];
    return renderTemplate(text, values);
  };
  const period = periodLabel(model.period, lang);
  const periodLower = lang === "vi" ? lowerFirst(period) : period;
  const blocks: TDocBlock[] = [];
  const h1 = (text: string) => blocks.push({ kind: "heading", level: 1, text });
  const h2 = (text: string) => blocks.push({ kind: "heading", level: 2, text });
  const p = (text: string, italic?: boolean) => blocks.push({ kind: "paragraph", text, italic });
  let tableNo = 0;
  const measure = (tg: TReportTarget, display: string) =>
    formatMeasure({ display, measureUnit: tg.measureUnit });
  const targetItem = (tg: TReportTarget) =>
    t("targetItem", {
      targetName: tg.name,
      actual: measure(tg, tg.actualDisplay),
      plan: measure(tg, tg.planDisplay),
      year: tg.planYear === null ? "—" : String(tg.planYear),
      status: statusLabel(tg.status, lang),
    });
  const narrativeBlock = (section: TNarrativeSection) => {
    const items = (model.narratives ?? []).filter((n) => n.section === section && n.text.trim() !== "");
    if (items.length === 0) p(t("noNarratives", {}), true);
    else blocks.push({ kind: "bullets", items: items.map((n) => `${n.unitName}: ${n.text.trim()}`) });
  };

  // I. Results
  h1(L.s1);
  h2(L.s1a);
  const pillarsWithTargets = model.pillars.filter((pl) => pl.counts.total > 0);
  const breakdown = pillarsWithTargets
    .map((pl) =>
      t("pillarBreakdownItem", {
        pillarName: pl.name,
        pillarNameLower: lang === "vi" ? lowerFirst(pl.name) : pl.name,
        ...countValues(pl.counts, lang),
      }),
    )
    .join(", ");
  p(
    t("overall", {
      unitName: model.unitName,
      planName: model.planName,
      period: periodLower,
      pillarBreakdown: breakdown,
      ...countValues(model.counts, lang),
    }),
  );
  p(t("overallStatus", countValues(model.counts, lang)));
  if (model.completeness) {
    const c = model.completeness;
    p(
      t("completeness", {
        reported: formatNumber(c.reported, { locale: lang }),
        expected: formatNumber(c.expected, { locale: lang }),
        percent: c.percent,
        period: periodLower,
      }),
    );
  }

  h2(L.s1b);
  for (const pl of pillarsWithTargets) {
    const targets = model.targets.filter((tg) => tg.pillarCode === pl.code);
    blocks.push({ kind: "heading", level: 2, text: `${pl.code} – ${pl.name}` });
    p(
      t("pillarSummary", {
        pillarName: pl.name,
        pillarNameLower: lang === "vi" ? lowerFirst(pl.name) : pl.name,
        ...countValues(pl.counts, lang),
      }),
    );
    const good = targets.filter((tg) => tg.status === "achieved" || tg.status === "exceeded");
    if (good.length > 0) {
      p(t("pillarHighlights", { count: String(good.length), list: joinList(good.map(targetItem), max) }));
    }
    tableNo++;
    const table: TDocTable = {
      id: sheetName(`${pl.code} ${pl.name}`),
      title: fill(L.tablePillar, { n: tableNo, pillar: lang === "vi" ? lowerFirst(pl.name) : pl.name }),
      columns: [
        { key: "stt", label: L.stt, width: 0.07, align: "center" },
        { key: "target", label: L.target, width: 0.45 },
        { key: "plan", label: L.plan, width: 0.15, align: "right" },
        { key: "actual", label: L.actual, width: 0.15, align: "right" },
        { key: "status", label: L.status, width: 0.18, align: "center" },
      ],
      rows: targets.map((tg, i) => [
        String(i + 1),
        tg.name,
        tg.planYear === null
          ? measure(tg, tg.planDisplay)
          : `${measure(tg, tg.planDisplay)} (${tg.planYear})`,
        measure(tg, tg.actualDisplay),
        statusLabel(tg.status, lang),
      ]),
    };
    blocks.push({ kind: "table", table });
  }

  h2(L.s1c);
  narrativeBlock("results");

  // II. Shortcomings
  h1(L.s2);
  h2(L.s2a);
  const behind = model.targets.filter((tg) => tg.status === "behind" || tg.status === "near");
  if (behind.length > 0) {
    p(t("targetsBehind", { count: String(behind.length), list: joinList(behind.map(targetItem), max) }));
  }
  if (model.unitsBehind.length > 0) {
    p(
      t("unitsBehind", {
        count: String(model.unitsBehind.length),
        list: joinList(
          model.unitsBehind.map((u) => `${u.name} (${u.achieved}/${u.total})`),
          max,
        ),
      }),
    );
    tableNo++;
    blocks.push({
      kind: "table",
      table: {
        id: sheetName(lang === "vi" ? "Đơn vị chậm" : "Units behind"),
        title: fill(L.tableUnits, { n: tableNo }),
        columns: [
          { key: "stt", label: L.stt, width: 0.08, align: "center" },
          { key: "unit", label: L.unit, width: 0.52 },
          { key: "achieved", label: L.achieved, width: 0.2, align: "right" },
          { key: "share", label: L.share, width: 0.2, align: "right" },
        ],
        rows: model.unitsBehind.map((u, i) => [
          String(i + 1),
          u.name,
          `${formatNumber(u.achieved, { locale: lang })}/${formatNumber(u.total, { locale: lang })}`,
          formatPercent({ numerator: u.achieved, denominator: u.total }, { locale: lang }),
        ]),
      },
    });
  } else {
    p(L.noUnits);
  }
  narrativeBlock("shortcomings");
  h2(L.s2b);
  narrativeBlock("causes");

  // III. Tasks of the previous session
  h1(L.s3);
  if (!model.previousTasks) {
    p(L.noPrevious, true);
  } else {
    const tasks = model.previousTasks.tasks.filter((x) => x.status !== "cancelled");
    const done = tasks.filter((x) => x.status === "done").length;
    const overdue = tasks.filter((x) => x.overdue && x.status !== "done").length;
    p(
      t("tasksReview", {
        total: String(tasks.length),
        done: String(done),
        inProgress: String(tasks.length - done),
        overdue: String(overdue),
        percent: formatPercent({ numerator: done, denominator: tasks.length }, { locale: lang }),
        sessionTitle: model.previousTasks.sessionTitle,
      }),
    );
    tableNo++;
    blocks.push({
      kind: "table",
      table: {
        id: sheetName(lang === "vi" ? "Nhiệm vụ" : "Tasks"),
        title: fill(L.tableTasks, { n: tableNo }),
        columns: [
          { key: "stt", label: L.stt, width: 0.07, align: "center" },
          { key: "task", label: L.task, width: 0.38 },
          { key: "responsible", label: L.responsible, width: 0.19 },
          { key: "deadline", label: L.deadline, width: 0.16, align: "center" },
          { key: "result", label: L.result, width: 0.2 },
        ],
        rows: model.previousTasks.tasks.map((x, i) => [
          String(i + 1),
          x.lastProgress ? `${x.title} — ${x.lastProgress}` : x.title,
          x.responsibleUnitName,
          x.deadline ? formatDate(x.deadline, lang) : "—",
          taskLabel(x, L),
        ]),
      },
    });
  }

  // IV. Proposals
  h1(L.s4);
  narrativeBlock("proposals");

  const issuer = model.issuer;
  const number = issuer.number.trim() === "" ? "     " : issuer.number;
  const subtitleTemplate = periodType(model.period) === "year" ? L.yearReview : L.review;
  return {
    lang,
    header: {
      parentBody: issuer.parentBody,
      body: issuer.body,
      numberLine: `${L.number}: ${number}/${issuer.symbol}`,
      nationalTitle: L.nationalTitle,
      motto: L.motto,
      placeDate: placeDateLine({ place: issuer.place, date: issuer.date, lang }),
    },
    title: L.title,
    subtitle: fill(subtitleTemplate, { period: periodLower }),
    blocks,
    recipients: issuer.recipients,
    // "TM. BAN CHỈ ĐẠO": the first line of a body written on two lines.
    signer: {
      capacity: `${L.capacity} ${issuer.body.split("\n")[0]}`,
      title: issuer.signerTitle,
      name: issuer.signerName,
    },
  };
}

/** "15/10/2026" (vi) or "2026-10-15" (en). */
export function formatDate(iso: string, lang: "vi" | "en" = "vi"): string {
  if (lang === "en") return iso.slice(0, 10);
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** A valid, ≤ 31-character Excel sheet name. */
export function sheetName(name: string): string {
  return name
    .replace(/[[\]:*?/\\]/g, " ")
    .slice(0, 31)
    .trim();
}
