/**
 * The sentence templates shipped with DX Monitor. The secretariat may override any of them per province
 * (stored in `report_template`); each key declares the placeholders it may use.
 */

/** A template key with its default Vietnamese and English text and the placeholders it may use. */
export interface TTemplateDefinition {
  key: string;
  /** What the sentence is for (shown in the template editor). */
  description: string;
  descriptionEn: string;
  placeholders: readonly string[];
  vi: string;
  en: string;
}

const COUNTS = ["achieved", "total", "percent", "exceeded", "near", "behind", "noData"] as const;

/** Default templates, in the order they appear in the report. */
export const DEFAULT_TEMPLATES: readonly TTemplateDefinition[] = [
  {
    key: "overall",
    description: "Câu tổng hợp kết quả chung",
    descriptionEn: "Overall result sentence",
    placeholders: ["unitName", "planName", "period", "pillarBreakdown", ...COUNTS],
    vi: "Đến nay, {unitName} đã hoàn thành {achieved}/{total} mục tiêu theo {planName}, đạt {percent}; trong đó {pillarBreakdown}.",
    en: "To date, {unitName} has achieved {achieved}/{total} targets of {planName} ({percent}); of which {pillarBreakdown}.",
  },
  {
    key: "pillarBreakdownItem",
    description: "Một mục trong phần 'trong đó' của câu tổng hợp",
    descriptionEn: "One item of the breakdown in the overall sentence",
    placeholders: ["pillarName", "pillarNameLower", ...COUNTS],
    vi: "{pillarNameLower} {achieved}/{total}",
    en: "{pillarName} {achieved}/{total}",
  },
  {
    key: "overallStatus",
    description: "Câu về các mục tiêu gần đạt, chưa đạt, chưa có số liệu",
    descriptionEn: "Sentence on near, behind and no-data targets",
    placeholders: [...COUNTS],
    vi: "Có {near} mục tiêu đạt từ 70% kế hoạch trở lên, {behind} mục tiêu chưa đạt và {noData} mục tiêu chưa có số liệu.",
    en: "{near} targets are at 70% of plan or more, {behind} are behind and {noData} have no data.",
  },
  {
    key: "completeness",
    description: "Câu về mức độ đầy đủ của số liệu do các đơn vị báo cáo",
    descriptionEn: "Sentence on reporting completeness",
    placeholders: ["reported", "expected", "percent", "period"],
    vi: "Kỳ {period}, các đơn vị đã báo cáo {reported}/{expected} số liệu được yêu cầu, đạt {percent}.",
    en: "For {period}, units have reported {reported}/{expected} of the figures requested ({percent}).",
  },
  {
    key: "pillarSummary",
    description: "Câu mở đầu kết quả một trụ cột",
    descriptionEn: "Opening sentence of a pillar's results",
    placeholders: ["pillarName", "pillarNameLower", ...COUNTS],
    vi: "Về {pillarNameLower}: hoàn thành {achieved}/{total} mục tiêu, đạt {percent}; {near} mục tiêu đạt từ 70% kế hoạch trở lên, {behind} mục tiêu chưa đạt.",
    en: "{pillarName}: {achieved}/{total} targets achieved ({percent}); {near} at 70% of plan or more, {behind} behind.",
  },
  {
    key: "pillarHighlights",
    description: "Liệt kê các mục tiêu đạt và vượt của một trụ cột",
    descriptionEn: "Lists a pillar's achieved targets",
    placeholders: ["list", "count"],
    vi: "Các mục tiêu đã đạt và vượt kế hoạch: {list}.",
    en: "Targets achieved or exceeded: {list}.",
  },
  {
    key: "targetItem",
    description: "Một mục tiêu trong danh sách (thực hiện so với kế hoạch)",
    descriptionEn: "One target in a list (actual against plan)",
    placeholders: ["targetName", "actual", "plan", "year", "status"],
    vi: "{targetName} đạt {actual} (kế hoạch năm {year}: {plan})",
    en: "{targetName}: {actual} (plan {year}: {plan})",
  },
  {
    key: "targetsBehind",
    description: "Tồn tại: liệt kê các mục tiêu chưa đạt",
    descriptionEn: "Shortcomings: targets behind",
    placeholders: ["count", "list"],
    vi: "Còn {count} mục tiêu chưa đạt kế hoạch, gồm: {list}.",
    en: "{count} targets are behind plan: {list}.",
  },
  {
    key: "unitsBehind",
    description: "Tồn tại: các đơn vị có kết quả thấp",
    descriptionEn: "Shortcomings: units behind",
    placeholders: ["count", "list"],
    vi: "Có {count} đơn vị có tỷ lệ hoàn thành mục tiêu thấp: {list}.",
    en: "{count} units have a low share of targets achieved: {list}.",
  },
  {
    key: "tasksReview",
    description: "Kết quả thực hiện nhiệm vụ được giao tại hội nghị trước",
    descriptionEn: "Follow-up of the tasks assigned at the previous session",
    placeholders: ["total", "done", "inProgress", "overdue", "percent", "sessionTitle"],
    vi: "Trong số {total} nhiệm vụ được giao tại {sessionTitle}, đã hoàn thành {done} nhiệm vụ (đạt {percent}), đang thực hiện {inProgress} nhiệm vụ, trong đó {overdue} nhiệm vụ quá hạn.",
    en: "Of the {total} tasks assigned at {sessionTitle}, {done} are done ({percent}), {inProgress} in progress, {overdue} of them overdue.",
  },
  {
    key: "noNarratives",
    description: "Khi các đơn vị chưa có nội dung báo cáo",
    descriptionEn: "When units have not written their narrative yet",
    placeholders: [],
    vi: "Chưa có nội dung do các đơn vị báo cáo cho phần này.",
    en: "No unit narratives yet for this section.",
  },
];

/** The definition of a key, or undefined. */
export function templateDefinition(key: string): TTemplateDefinition | undefined {
  return DEFAULT_TEMPLATES.find((t) => t.key === key);
}
