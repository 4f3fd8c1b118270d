import { describe, expect, it } from "vitest";
import { foldVietnamese, headerKey } from "./text.ts";

describe("foldVietnamese", () => {
  it("drops tone marks and đ", () => {
    expect(foldVietnamese("Thành phố  Hà Nội")).toBe("thanh pho ha noi");
    expect(foldVietnamese("Đặc khu Phú Quốc")).toBe("dac khu phu quoc");
    expect(foldVietnamese("Tỉnh Điện Biên")).toBe("tinh dien bien");
  });
});

describe("headerKey", () => {
  it("turns Vietnamese and English headers into keys", () => {
    expect(headerKey(" Mã đơn vị ")).toBe("ma_don_vi");
    expect(headerKey("ĐƠN VỊ")).toBe("don_vi");
    expect(headerKey("Tử số (người)")).toBe("tu_so_nguoi");
    expect(headerKey("indicator_code")).toBe("indicator_code");
    expect(headerKey(null)).toBe("");
  });
});
