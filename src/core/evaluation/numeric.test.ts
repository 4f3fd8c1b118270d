import { describe, expect, it } from "vitest";
import { dec, fmt, formatViDecimal, roundHalfUp, stored } from "./numeric.ts";

describe("numeric helpers", () => {
  it("rounds half-up on the decimal value, not the binary one", () => {
    expect(roundHalfUp(0.800175, 4)).toBe(0.8002);
    // (1.005).toFixed(2) is "1.00" in binary floating point.
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(-0.00525, 4)).toBe(-0.0053);
  });
  it("adds decimals exactly", () => {
    expect(dec(0.1).plus(0.2).toNumber()).toBe(0.3);
    expect(stored(dec(1).div(3).times(3))).toBe(1);
  });
  it("formats the Vietnamese way", () => {
    expect(formatViDecimal(0.800175, 4)).toBe("0,8002");
    expect(formatViDecimal(1761.5, 1)).toBe("1.761,5");
    expect(formatViDecimal(1234567, 0)).toBe("1.234.567");
    expect(formatViDecimal(-0.0052, 4)).toBe("-0,0052");
  });
  it("shortens numbers in explanations", () => {
    expect(fmt(17.9145473042)).toBe("17.914547");
    expect(fmt(36.45)).toBe("36.45");
  });
});
