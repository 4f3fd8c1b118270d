/**
 * Expected failures of the designer's database layer, bilingual, without depending on the HTTP layer:
 * the routes turn them into 400/404/409 answers.
 */

/** Why a designer write was refused. */
export type TDesignerErrorKind = "not_found" | "read_only" | "in_use" | "invalid" | "duplicate" | "stale";

/** A refused designer write, with Vietnamese and English messages and the field at fault. */
export class DesignerError extends Error {
  readonly kind: TDesignerErrorKind;
  readonly messageVi: string;
  readonly messageEn: string;
  readonly field?: string;
  readonly details?: unknown;
  constructor(options: {
    kind: TDesignerErrorKind;
    message: string;
    messageEn: string;
    field?: string;
    details?: unknown;
  }) {
    super(options.messageEn);
    this.kind = options.kind;
    this.messageVi = options.message;
    this.messageEn = options.messageEn;
    this.field = options.field;
    this.details = options.details;
  }
}
