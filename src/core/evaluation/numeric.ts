/**
 * Exact decimal helpers for index scoring, on top of `src/core/vn-number.ts` (the project's one
 * decimal.js configuration and Vietnamese formatting).
 *
 * Published index figures are rounded to 4 decimals ("0,8002"); binary floating point turns sums
 * such as 0.3081 − 0.3133 into −0.005199999… and can flip the last digit, so every sum, ratio and
 * rounding that ends up in a published figure goes through decimal arithmetic.
 */
import { Dec, formatNumber, roundNumber, type TDecimal } from "../vn-number.ts";

export { Dec };
/** A decimal number. */
export type TDec = TDecimal;

/** Decimals kept on stored points and values: exact for any published figure, short enough to hide 1/3 × 3 = 0.999… artefacts. */
export const STORED_DECIMALS = 10;

/** Converts a number to a decimal through its shortest string form (0.1 stays 0.1, not 0.1000000000000000055…). */
export function dec(value: number | TDec): TDec {
  return value instanceof Dec ? value : new Dec(String(value));
}

/** Rounds half-up to `decimals` places and returns a number. */
export function roundHalfUp(value: number | TDec, decimals: number): number {
  return roundNumber(dec(value), { decimals });
}

/** Rounds to {@link STORED_DECIMALS} and returns a number. */
export function stored(value: TDec): number {
  return roundHalfUp(value, STORED_DECIMALS);
}

/** Compact string of a decimal for formulas in explanations: at most 6 decimals, trailing zeros dropped. */
export function fmt(value: number | TDec): string {
  return dec(value).toDecimalPlaces(6, Dec.ROUND_HALF_UP).toString();
}

/** Vietnamese notation with a fixed number of decimals, rounded half-up ("0,8002", "1.761,5"). */
export function formatViDecimal(value: number | TDec, decimals: number): string {
  return formatNumber(dec(value), { decimals });
}
