import { describe, expect, it } from "vitest";
import {
  comparePeriods,
  isPeriodCode,
  makePeriod,
  nextPeriod,
  PeriodError,
  parsePeriod,
  periodContains,
  periodEnd,
  periodLabel,
  periodMonths,
  periodOfDate,
  periodStart,
  periodsOfType,
  periodsWithin,
  periodType,
  previousPeriod,
  samePeriodPreviousYear,
  shiftPeriod,
  tryParsePeriod,
  yearToDate,
  yearToDateCode,
} from "./period.ts";

describe("parsePeriod: DHIS2-compatible codes and ours", () => {
  it.each([
    ["2024", "year", "2024-01-01", "2024-12-31"],
    ["2024Q3", "quarter", "2024-07-01", "2024-09-30"],
    ["2024Q1", "quarter", "2024-01-01", "2024-03-31"],
    ["2024S1", "half_year", "2024-01-01", "2024-06-30"],
    ["2024S2", "half_year", "2024-07-01", "2024-12-31"],
    ["2024N9", "nine_months", "2024-01-01", "2024-09-30"],
    ["202409", "month", "2024-09-01", "2024-09-30"],
    ["202402", "month", "2024-02-01", "2024-02-29"],
    ["202302", "month", "2023-02-01", "2023-02-28"],
    ["190002", "month", "1900-02-01", "1900-02-28"],
    ["202412", "month", "2024-12-01", "2024-12-31"],
  ])("%s is a %s from %s to %s", (code, type, start, end) => {
    const p = parsePeriod(code);
    expect(p.code).toBe(code);
    expect(p.type).toBe(type);
    expect(p.startDate).toBe(start);
    expect(p.endDate).toBe(end);
    expect(periodType(code)).toBe(type);
    expect(periodStart(code)).toBe(start);
    expect(periodEnd(code)).toBe(end);
  });

  it("normalises case and whitespace", () => {
    expect(parsePeriod(" 2024q3 ").code).toBe("2024Q3");
    expect(parsePeriod("2024s2").code).toBe("2024S2");
    expect(parsePeriod("2024n9").code).toBe("2024N9");
  });

  it.each([
    "",
    "24",
    "2024Q5",
    "2024Q0",
    "2024S3",
    "2024N6",
    "202413",
    "202400",
    "2024-09",
    "2024W1",
    "0224",
    "abcd",
    "2024Q3x",
  ])("rejects %j with a bilingual error", (code) => {
    expect(() => parsePeriod(code)).toThrow(PeriodError);
    try {
      parsePeriod(code);
    } catch (e) {
      const err = e as PeriodError;
      expect(err.messageVi).toContain("Mã kỳ báo cáo không hợp lệ");
      expect(err.messageEn).toContain("Invalid period code");
      expect(err.input).toBe(code);
    }
    expect(tryParsePeriod(code)).toBeNull();
    expect(isPeriodCode(code)).toBe(false);
  });

  it("explains what is wrong with a month", () => {
    expect(() => parsePeriod("202413")).toThrow(/month must be 01–12/);
  });

  it("makePeriod validates its index", () => {
    expect(makePeriod({ type: "quarter", year: 2025, index: 2 }).code).toBe("2025Q2");
    expect(() => makePeriod({ type: "quarter", year: 2025, index: 5 })).toThrow(PeriodError);
  });
});

describe("labels", () => {
  it.each([
    ["202409", "Tháng 9/2024", "September 2024"],
    ["202401", "Tháng 1/2024", "January 2024"],
    ["2024Q1", "Quý I/2024", "Q1 2024"],
    ["2024Q2", "Quý II/2024", "Q2 2024"],
    ["2024Q3", "Quý III/2024", "Q3 2024"],
    ["2024Q4", "Quý IV/2024", "Q4 2024"],
    ["2024S1", "6 tháng đầu năm 2024", "First half of 2024"],
    ["2024S2", "6 tháng cuối năm 2024", "Second half of 2024"],
    ["2024N9", "9 tháng năm 2024", "Nine months of 2024"],
    ["2024", "Năm 2024", "Year 2024"],
  ])("%s → %s / %s", (code, vi, en) => {
    expect(periodLabel(code)).toBe(vi);
    expect(periodLabel(code, "vi")).toBe(vi);
    expect(periodLabel(code, "en")).toBe(en);
  });
});

describe("periodsOfType / periodsWithin / contains", () => {
  it("lists the periods of a year", () => {
    expect(periodsOfType(2024, "quarter")).toEqual(["2024Q1", "2024Q2", "2024Q3", "2024Q4"]);
    expect(periodsOfType(2024, "half_year")).toEqual(["2024S1", "2024S2"]);
    expect(periodsOfType(2024, "nine_months")).toEqual(["2024N9"]);
    expect(periodsOfType(2024, "year")).toEqual(["2024"]);
    expect(periodsOfType(2024, "month")).toHaveLength(12);
    expect(periodsOfType(2024, "month")[0]).toBe("202401");
    expect(periodsOfType(2024, "month")[11]).toBe("202412");
  });

  it("months of 2024N9, quarters of 2024S1, half-years inside N9", () => {
    expect(periodsWithin("2024N9", "month")).toEqual([
      "202401",
      "202402",
      "202403",
      "202404",
      "202405",
      "202406",
      "202407",
      "202408",
      "202409",
    ]);
    expect(periodsWithin("2024S1", "quarter")).toEqual(["2024Q1", "2024Q2"]);
    expect(periodsWithin("2024S2", "month")).toEqual([
      "202407",
      "202408",
      "202409",
      "202410",
      "202411",
      "202412",
    ]);
    expect(periodsWithin("2024N9", "half_year")).toEqual(["2024S1"]);
    expect(periodsWithin("2024", "quarter")).toHaveLength(4);
    expect(periodsWithin("2024Q3", "year")).toEqual([]);
  });

  it("contains", () => {
    expect(periodContains("2024", "2024Q3")).toBe(true);
    expect(periodContains("2024N9", "202409")).toBe(true);
    expect(periodContains("2024N9", "202410")).toBe(false);
    expect(periodContains("2024N9", "2024Q4")).toBe(false);
    expect(periodContains("2024N9", "2024S1")).toBe(true);
    expect(periodContains("2024N9", "2024S2")).toBe(false);
    expect(periodContains("2024S1", "2024Q2")).toBe(true);
    expect(periodContains("2024S1", "2024Q3")).toBe(false);
    expect(periodContains("2024Q3", "2024")).toBe(false);
    expect(periodContains("2024", "2023Q3")).toBe(false);
    expect(periodContains("2024Q3", "2024Q3")).toBe(true);
  });
});

describe("year to date (lũy kế)", () => {
  it("months up to a month", () => {
    expect(yearToDate("202403")).toEqual(["202401", "202402", "202403"]);
    expect(yearToDate("202401")).toEqual(["202401"]);
  });
  it("quarters up to a quarter, half-year, nine months, year", () => {
    expect(yearToDate("2024Q3")).toEqual(["2024Q1", "2024Q2", "2024Q3"]);
    expect(yearToDate("2024S1")).toEqual(["2024Q1", "2024Q2"]);
    expect(yearToDate("2024N9")).toEqual(["2024Q1", "2024Q2", "2024Q3"]);
    expect(yearToDate("2024")).toEqual(["2024Q1", "2024Q2", "2024Q3", "2024Q4"]);
    expect(yearToDate("2024S2")).toHaveLength(4);
  });
  it("months of a quarter when asked", () => {
    expect(yearToDate("2024Q2", "month")).toEqual([
      "202401",
      "202402",
      "202403",
      "202404",
      "202405",
      "202406",
    ]);
  });
  it("refuses quarters up to a mid-quarter month", () => {
    expect(() => yearToDate("202405", "quarter")).toThrow(PeriodError);
    expect(yearToDate("202406", "quarter")).toEqual(["2024Q1", "2024Q2"]);
  });
  it("the code spanning January to the end of a period", () => {
    expect(yearToDateCode("2024Q1")).toBe("2024Q1");
    expect(yearToDateCode("2024Q2")).toBe("2024S1");
    expect(yearToDateCode("2024Q3")).toBe("2024N9");
    expect(yearToDateCode("202409")).toBe("2024N9");
    expect(yearToDateCode("2024Q4")).toBe("2024");
    expect(yearToDateCode("2024S2")).toBe("2024");
    expect(yearToDateCode("202401")).toBe("202401");
    expect(yearToDateCode("202405")).toBeNull();
  });
});

describe("previous, next, same period last year", () => {
  it.each([
    ["202401", "202312"],
    ["202409", "202408"],
    ["2024Q1", "2023Q4"],
    ["2024Q3", "2024Q2"],
    ["2024S1", "2023S2"],
    ["2024S2", "2024S1"],
    ["2024N9", "2023N9"],
    ["2024", "2023"],
  ])("previous of %s is %s", (code, prev) => {
    expect(previousPeriod(code)).toBe(prev);
    expect(nextPeriod(prev)).toBe(code);
  });
  it("shifts several steps", () => {
    expect(shiftPeriod("202411", 3)).toBe("202502");
    expect(shiftPeriod("2024Q1", -5)).toBe("2022Q4");
  });
  it.each([
    ["2024Q3", "2023Q3"],
    ["202402", "202302"],
    ["2024N9", "2023N9"],
    ["2024S2", "2023S2"],
    ["2024", "2023"],
  ])("same period last year of %s is %s", (code, prev) => {
    expect(samePeriodPreviousYear(code)).toBe(prev);
  });
});

describe("comparePeriods", () => {
  it("sorts by start, longer first", () => {
    const sorted = ["202402", "2024Q1", "2023", "2024", "2024S1", "202401", "2024N9", "2024Q2"].sort(
      comparePeriods,
    );
    expect(sorted).toEqual(["2023", "2024", "2024N9", "2024S1", "2024Q1", "202401", "202402", "2024Q2"]);
    expect(comparePeriods("2024Q3", "2024Q3")).toBe(0);
    expect(comparePeriods("2024Q3", "2024Q4")).toBeLessThan(0);
  });
});

describe("misc", () => {
  it("months covered", () => {
    expect(periodMonths("2024N9")).toBe(9);
    expect(periodMonths("2024S2")).toBe(6);
    expect(periodMonths("2024")).toBe(12);
  });
  it("period of a date", () => {
    expect(periodOfDate("2024-08-15", "quarter")).toBe("2024Q3");
    expect(periodOfDate("2024-08-15", "month")).toBe("202408");
    expect(periodOfDate("2024-08-15", "half_year")).toBe("2024S2");
    expect(periodOfDate("2024-08-15", "nine_months")).toBe("2024N9");
    expect(() => periodOfDate("2024-10-01", "nine_months")).toThrow(PeriodError);
    expect(() => periodOfDate("15/08/2024", "month")).toThrow(PeriodError);
  });
});
