import { describe, expect, it } from "vitest";
import { foldVietnamese } from "./text.ts";

describe("foldVietnamese", () => {
  it("drops tone marks and đ", () => {
    expect(foldVietnamese("Thành phố  Hà Nội")).toBe("thanh pho ha noi");
    expect(foldVietnamese("Đặc khu Phú Quốc")).toBe("dac khu phu quoc");
    expect(foldVietnamese("Tỉnh Điện Biên")).toBe("tinh dien bien");
  });
});
