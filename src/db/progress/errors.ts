/**
 * Errors of the progress engine and the write path: AppError instances (status, code, bilingual
 * message, field), so the HTTP layer answers 4xx without translating them.
 */
import { AppError } from "../../server/errors.ts";

/** Factory of the engine's expected failures. */
export const ProgressError = {
  /** 404 for a missing plan, unit, target or indicator. */
  notFound(what: "plan" | "unit" | "target" | "indicator", id: number): AppError {
    const vi = { plan: "kế hoạch", unit: "đơn vị", target: "mục tiêu", indicator: "chỉ số" }[what];
    return new AppError({
      status: 404,
      code: "not_found",
      message: `Không tìm thấy ${vi} ${id}`,
      messageEn: `${what} ${id} not found`,
      field: `${what}Id`,
    });
  },
  /** 400 for a period code that does not parse. */
  badPeriod(code: string, field = "period"): AppError {
    return new AppError({
      status: 400,
      code: "invalid_period",
      message: `Kỳ báo cáo không hợp lệ "${code}" (ví dụ 2025, 2025Q3, 2025S1, 2025N9, 202509)`,
      messageEn: `Invalid period "${code}" (e.g. 2025, 2025Q3, 2025S1, 2025N9, 202509)`,
      field,
    });
  },
};
