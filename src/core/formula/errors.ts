/**
 * Formula errors. Every error carries the 0-based character offset where the problem starts, so the
 * editor can underline it, and a message in Vietnamese and in English.
 */

/** What went wrong. */
export type TFormulaErrorKind =
  | "syntax"
  | "unknown_code"
  | "unknown_function"
  | "arity"
  | "type"
  | "argument"
  | "cycle";

/** A formula error with position and bilingual messages. `message` is the English one. */
export class FormulaError extends Error {
  readonly kind: TFormulaErrorKind;
  /** 0-based offset in the formula source where the problem starts. */
  readonly position: number;
  /** Length of the offending text (at least 1), for underlining. */
  readonly length: number;
  readonly messageVi: string;
  readonly messageEn: string;

  constructor(options: {
    kind: TFormulaErrorKind;
    position: number;
    length?: number;
    messageVi: string;
    messageEn: string;
  }) {
    super(`${options.messageEn} (at position ${options.position})`);
    this.name = "FormulaError";
    this.kind = options.kind;
    this.position = options.position;
    this.length = Math.max(1, options.length ?? 1);
    this.messageVi = options.messageVi;
    this.messageEn = options.messageEn;
  }

  /** Plain JSON form for API responses. */
  toJSON(): {
    kind: TFormulaErrorKind;
    position: number;
    length: number;
    messageVi: string;
    messageEn: string;
  } {
    return {
      kind: this.kind,
      position: this.position,
      length: this.length,
      messageVi: this.messageVi,
      messageEn: this.messageEn,
    };
  }
}

/**
 * Two lines showing where an error is: the source, then a caret under the position
 * ("DVC_TT / * 2" / "         ^").
 */
export function errorPointer(source: string, error: { position: number; length?: number }): string {
  const pos = Math.min(Math.max(0, error.position), source.length);
  return `${source}\n${" ".repeat(pos)}${"^".repeat(Math.max(1, error.length ?? 1))}`;
}
