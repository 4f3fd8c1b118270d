import { describe, expect, it } from "vitest";
import {
  divideExact,
  formatNumber,
  formatPercent,
  formatRatio,
  formatRatioWithPercent,
  parseVnNumber,
  parseVnNumberDetailed,
  roundDecimal,
  roundNumber,
  tryParseVnNumber,
  VnNumberError,
} from "./vn-number.ts";

describe("the seeds' published figures", () => {
  it("14/38 targets = 36,8%", () => {
    expect(formatPercent({ numerator: 14, denominator: 38 })).toBe("36,8%");
  });
  it("72/173 communes = 41,6%", () => {
    expect(formatPercent({ numerator: 72, denominator: 173 })).toBe("41,6%");
  });
  it("1.761/1.966 procedures = 89,6% half-up, 89,5% truncated (as the article printed)", () => {
    expect(formatRatio(1761, 1966)).toBe("1.761/1.966");
    expect(formatPercent({ numerator: 1761, denominator: 1966 })).toBe("89,6%");
    expect(formatPercent({ numerator: 1761, denominator: 1966 }, { mode: "truncate" })).toBe("89,5%");
    expect(formatRatioWithPercent({ numerator: 1761, denominator: 1966 })).toBe("1.761/1.966 (89,6%)");
  });
  it("10.851 and 0,3081", () => {
    expect(formatNumber(10851)).toBe("10.851");
    expect(formatNumber(0.3081)).toBe("0,3081");
    expect(formatNumber(10217)).toBe("10.217");
    expect(formatNumber(1871)).toBe("1.871");
  });
  it("DTI change -0,0052", () => {
    expect(formatNumber(0.3081 - 0.3133, { decimals: 4 })).toBe("-0,0052");
  });
});

describe("exact half-up rounding", () => {
  it("rounds the decimal the user sees, not the binary double (36,85 → 36,9; 1,005 → 1,01)", () => {
    // The trap is real: binary toFixed gets these wrong.
    expect((1.005).toFixed(2)).toBe("1.00");
    expect((2.675).toFixed(2)).toBe("2.67");
    expect(formatNumber(36.85, { decimals: 1 })).toBe("36,9");
    expect(formatNumber(36.849, { decimals: 1 })).toBe("36,8");
    expect(formatNumber(1.005, { decimals: 2 })).toBe("1,01");
    expect(formatNumber(2.675, { decimals: 2 })).toBe("2,68");
  });
  it("a fraction is scaled to percent exactly: 0.3685 → 36,9%", () => {
    expect(formatPercent(0.3685)).toBe("36,9%");
    expect(formatPercent({ numerator: 737, denominator: 2000 })).toBe("36,9%");
  });
  it("truncate cuts toward zero", () => {
    expect(formatNumber(36.89, { decimals: 1, mode: "truncate" })).toBe("36,8");
    expect(formatNumber(-36.89, { decimals: 1, mode: "truncate" })).toBe("-36,8");
  });
  it("half-up rounds 5 away from zero for negatives", () => {
    expect(formatNumber(-0.05, { decimals: 1 })).toBe("-0,1");
    expect(roundNumber(-2.5, { decimals: 0 })).toBe(-3);
  });
  it("never shows -0", () => {
    expect(formatNumber(-0.04, { decimals: 1 })).toBe("0,0");
    expect(formatNumber(-0)).toBe("0");
  });
  it("keeps zeros unless asked", () => {
    expect(formatPercent(0.5)).toBe("50,0%");
    expect(formatPercent(0.5, { trimZeros: true })).toBe("50%");
    expect(formatPercent(1, { decimals: 0 })).toBe("100%");
    expect(formatNumber(2, { decimals: 2 })).toBe("2,00");
  });
  it("rounds to tens with negative decimals", () => {
    expect(roundDecimal(1234.5, { decimals: -2 }).toNumber()).toBe(1200);
    expect(roundDecimal(1250, { decimals: -2 }).toNumber()).toBe(1300);
  });
});

describe("formatNumber", () => {
  it("groups thousands with dots and uses a decimal comma", () => {
    expect(formatNumber(1234567.891)).toBe("1.234.567,891");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(1000)).toBe("1.000");
    expect(formatNumber(-1234.5)).toBe("-1.234,5");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber("3321")).toBe("3.321");
  });
  it("English locale", () => {
    expect(formatNumber(1234567.5, { locale: "en" })).toBe("1,234,567.5");
    expect(formatPercent(0.368, { locale: "en" })).toBe("36.8%");
  });
  it("no exponent notation", () => {
    expect(formatNumber(1e21)).toBe("1.000.000.000.000.000.000.000");
    expect(formatNumber(1e-7)).toBe("0,0000001");
  });
  it("placeholder for no value", () => {
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(undefined)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("—");
    expect(formatNumber(null, { placeholder: "n/a" })).toBe("n/a");
    expect(formatPercent({ numerator: 5, denominator: 0 })).toBe("—");
    expect(formatPercent(null, { placeholder: "" })).toBe("");
    expect(formatRatio(null, 1966)).toBe("—/1.966");
  });
  it("grouping can be turned off", () => {
    expect(formatNumber(2024, { grouping: false })).toBe("2024");
  });
  it("percent input already in percent", () => {
    expect(formatPercent(89.57, { from: "percent" })).toBe("89,6%");
  });
  it("divideExact", () => {
    expect(divideExact(1, 3)?.toFixed(5)).toBe("0.33333");
    expect(divideExact(1, 0)).toBeNull();
    expect(divideExact(null, 3)).toBeNull();
  });
});

describe("parseVnNumber", () => {
  it.each([
    ["10.851", 10851],
    ["1.761", 1761],
    ["1.966", 1966],
    ["36,8%", 36.8],
    ["36,8", 36.8],
    ["0,3081", 0.3081],
    ["10851", 10851],
    ["36.8", 36.8],
    ["0.3081", 0.3081],
    ["0.308", 0.308],
    ["1234.567", 1234.567],
    ["1.234.567", 1234567],
    ["1.234.567,89", 1234567.89],
    ["1,234,567", 1234567],
    ["1,234.5", 1234.5],
    ["1,5", 1.5],
    ["1,500", 1.5],
    ["10 851", 10851],
    ["10\u00a0851", 10851],
    ["-0,0052", -0.0052],
    ["\u22121.234,5", -1234.5],
    ["+5", 5],
    [" 89,5 % ", 89.5],
    ["0", 0],
    ["-0", 0],
  ])("%j → %d", (text, value) => {
    expect(parseVnNumber(text)).toBe(value);
  });

  it("details: canonical text, percent flag, decimals written", () => {
    expect(parseVnNumberDetailed("36,8%")).toEqual({
      value: 36.8,
      canonical: "36.8",
      isPercent: true,
      decimals: 1,
    });
    expect(parseVnNumberDetailed("10.851")).toEqual({
      value: 10851,
      canonical: "10851",
      isPercent: false,
      decimals: 0,
    });
    expect(parseVnNumberDetailed("0,3081").decimals).toBe(4);
  });

  it.each([
    "",
    "abc",
    "1.23.4",
    "1,2,3",
    "1..2",
    "1,2.3,4",
    "12.34.567",
    "1.234 567",
    "5,",
    ",5",
    "1.2.3,4,5",
    "1e5",
  ])("rejects %j", (text) => {
    expect(() => parseVnNumber(text)).toThrow(VnNumberError);
    expect(tryParseVnNumber(text)).toBeNull();
  });

  it("error messages are bilingual", () => {
    try {
      parseVnNumber("1.23.4");
      expect.unreachable();
    } catch (e) {
      expect((e as VnNumberError).messageVi).toContain("Không đọc được số");
      expect((e as VnNumberError).messageEn).toContain("Cannot read number");
    }
  });

  it("tryParse treats placeholders as no value", () => {
    expect(tryParseVnNumber("—")).toBeNull();
    expect(tryParseVnNumber("-")).toBeNull();
    expect(tryParseVnNumber(null)).toBeNull();
    expect(tryParseVnNumber("1.761")).toBe(1761);
  });

  it("round-trips formatted numbers", () => {
    for (const v of [10851, 0.3081, 1234567.89, -42.5, 1761]) {
      expect(parseVnNumber(formatNumber(v))).toBe(v);
    }
  });
});
