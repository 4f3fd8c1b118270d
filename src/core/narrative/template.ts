/**
 * Editable sentence templates of the review report: "Đến nay, {unitName} đã hoàn thành
 * {achieved}/{total} mục tiêu …". A template may only use the placeholders its key declares, so a
 * secretariat edit can never print a raw "{acheived}" in a report sent to the province leaders.
 */

/** A placeholder occurrence: `{name}`. Names are ASCII identifiers. */
const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Any brace left after removing well-formed placeholders means a typo such as "{achieved" or "{ total }". */
const STRAY_BRACE_RE = /[{}]/;

/** One problem found in a template. */
export interface TTemplateIssue {
  code: "unknown_placeholder" | "stray_brace" | "empty" | "too_long";
  /** The placeholder at fault, when there is one. */
  placeholder?: string;
  message: string;
  messageEn: string;
}

/** The placeholders a template text uses, in order of first use. */
export function templatePlaceholders(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER_RE)) seen.add(m[1]);
  return [...seen];
}

/** Longest template text accepted (a paragraph, not a document). */
export const MAX_TEMPLATE_LENGTH = 2000;

/**
 * Checks a template against the placeholders its key allows; returns every issue (empty = valid).
 */
export function validateTemplate(options: { text: string; allowed: readonly string[] }): TTemplateIssue[] {
  const { text, allowed } = options;
  const issues: TTemplateIssue[] = [];
  if (text.trim() === "") {
    issues.push({ code: "empty", message: "Mẫu câu không được để trống", messageEn: "Template is empty" });
    return issues;
  }
  if (text.length > MAX_TEMPLATE_LENGTH) {
    issues.push({
      code: "too_long",
      message: `Mẫu câu dài quá ${MAX_TEMPLATE_LENGTH} ký tự`,
      messageEn: `Template longer than ${MAX_TEMPLATE_LENGTH} characters`,
    });
  }
  const allowedSet = new Set(allowed);
  for (const name of templatePlaceholders(text)) {
    if (!allowedSet.has(name)) {
      issues.push({
        code: "unknown_placeholder",
        placeholder: name,
        message: `Mẫu câu dùng trường không có: {${name}}. Các trường được dùng: ${allowed.map((a) => `{${a}}`).join(", ")}`,
        messageEn: `Template uses an unknown placeholder {${name}}. Allowed: ${allowed.map((a) => `{${a}}`).join(", ")}`,
      });
    }
  }
  if (STRAY_BRACE_RE.test(text.replace(PLACEHOLDER_RE, ""))) {
    issues.push({
      code: "stray_brace",
      message: "Mẫu câu có dấu ngoặc { } không khớp tên trường",
      messageEn: "Template has a brace that is not part of a placeholder",
    });
  }
  return issues;
}

/** Values for a template: strings already formatted the Vietnamese way (numbers go through vn-number). */
export type TTemplateValues = Record<string, string>;

/**
 * Fills a template. A placeholder without a value throws: templates are validated when saved, so a
 * miss here is a programming error in the code that builds the values, not a user error.
 */
export function renderTemplate(text: string, values: TTemplateValues): string {
  return text.replace(PLACEHOLDER_RE, (_all, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`template placeholder {${name}} has no value`);
    return v;
  });
}
