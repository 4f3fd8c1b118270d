import { describe, expect, it } from "vitest";
import { parseUnitList } from "./unit-list.ts";

const post = JSON.stringify([
  {
    Code: "15",
    Name: "Lào Cai",
    NameEn: "Lao Cai",
    FullName: "Tỉnh Lào Cai",
    Wards: [{ Code: "02647", Name: "Lào Cai", FullName: "Phường Lào Cai", ProvinceCode: "15" }],
  },
]);

describe("parseUnitList", () => {
  it("reads the post-2025 two-level JSON with the reorganisation date", () => {
    const r = parseUnitList({ fileName: "x.json", text: post });
    expect(r.format).toBe("json-2025");
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(2);
    expect(r.records[0]).toMatchObject({
      code: "15",
      kind: "province",
      unitType: "Tỉnh",
      validFrom: "2025-07-01",
    });
    expect(r.records[1]).toMatchObject({
      code: "02647",
      kind: "commune",
      parentCode: "15",
      parentKind: "province",
    });
  });

  it("reads the pre-2025 three-level JSON, closed at 2025-07-01, islands without communes allowed", () => {
    const pre = JSON.stringify({
      Code: "15",
      Name: "Yên Bái",
      FullName: "Tỉnh Yên Bái",
      District: [
        {
          Code: "132",
          Name: "Yên Bái",
          FullName: "Thành phố Yên Bái",
          Ward: [{ Code: "04249", Name: "Yên Thịnh" }],
        },
        { Code: "999", Name: "Đảo", FullName: "Huyện đảo Đảo", Ward: null },
      ],
    });
    const r = parseUnitList({ fileName: "x.json", text: pre });
    expect(r.format).toBe("json-pre2025");
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.kind, x.code, x.validTo])).toEqual([
      ["province", "15", "2025-07-01"],
      ["district", "132", "2025-07-01"],
      ["commune", "04249", "2025-07-01"],
      ["district", "999", "2025-07-01"],
    ]);
    expect(r.records[2].parentCode).toBe("132");
  });

  it("points at the record of a malformed entry", () => {
    const bad = JSON.stringify([{ Code: "15", Name: "A", Wards: [{ Code: "", Name: "B" }] }]);
    const r = parseUnitList({ fileName: "x.json", text: bad });
    expect(r.errors[0].ref).toBe("record [0].Wards[0]");
    expect(r.errors[0].messageEn).toContain("Code");
  });

  it("rejects broken JSON and duplicates", () => {
    expect(parseUnitList({ fileName: "x.json", text: "[{" }).errors[0].ref).toBe("file");
    const dup = JSON.stringify([
      { Code: "15", Name: "A", Wards: [] },
      { Code: "15", Name: "B", Wards: [] },
    ]);
    expect(parseUnitList({ fileName: "x.json", text: dup }).errors[0].messageEn).toContain("duplicates");
  });

  it("reads CSV with level names or numbers and reports the line of each error", () => {
    const csv = [
      "code,name,level,parent_code,valid_from",
      "99,Minh Họa,province,,2025-07-01",
      '99001,"Tân Lập",3,99,2025-07-01',
      "99001-01,Thôn 1,village,99001,",
      "x y,Bad,commune,99,2025-07-01",
      "99002,No level,city,99,2025-07-01",
      "99003,Bad date,commune,99,2025-13-45",
    ].join("\n");
    const r = parseUnitList({ fileName: "u.csv", text: csv });
    expect(r.records.map((x) => [x.code, x.kind, x.parentKind])).toEqual([
      ["99", "province", "nation"],
      ["99001", "commune", "province"],
      ["99001-01", "village", "commune"],
    ]);
    expect(r.errors.map((e) => e.ref)).toEqual(["line 5", "line 6", "line 7"]);
    expect(r.errors[1].messageEn).toContain("level");
  });

  it("requires the CSV header", () => {
    const r = parseUnitList({ fileName: "u.csv", text: "a,b\n1,2" });
    expect(r.errors[0].messageEn).toContain("missing columns");
  });
});
