/**
 * A realistic plan annex for tests and demos: title lines, a header whose unit column is labelled
 * "Thước đo" (not recognised, so the user maps it by hand), three pillar sections and 20 targets with
 * Vietnamese number formats, as provinces publish them with their decisions.
 */
import ExcelJS from "exceljs";

/** Header of the fixture's table. */
export const ANNEX_FIXTURE_HEADER = [
  "STT",
  "Mục tiêu, chỉ tiêu",
  "Thước đo",
  "Chỉ tiêu 2025",
  "Chỉ tiêu 2030",
  "Cơ quan chủ trì",
];

const SECTIONS: Array<{ title: string; rows: Array<[string, string, string, string, string]> }> = [
  {
    title: "CHÍNH QUYỀN SỐ",
    rows: [
      ["Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", "80%", "100%", "Văn phòng UBND tỉnh"],
      [
        "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng",
        "%",
        "90%",
        "100%",
        "Văn phòng UBND tỉnh",
      ],
      ["Tỷ lệ hồ sơ công việc cấp xã được xử lý trên môi trường mạng", "%", "60%", "90%", "Sở Nội vụ"],
      ["Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "%", "≥ 80%", "100%", "Văn phòng UBND tỉnh"],
      [
        "Tỷ lệ báo cáo định kỳ được gửi qua hệ thống thông tin báo cáo",
        "%",
        "100%",
        "100%",
        "Văn phòng UBND tỉnh",
      ],
      ["Tỷ lệ cán bộ, công chức có chữ ký số", "%", "95%", "100%", "Sở Nội vụ"],
      ["Số cơ sở dữ liệu dùng chung của tỉnh", "Cơ sở dữ liệu", "15", "25", "Sở Khoa học và Công nghệ"],
      ["Tỷ lệ hoạt động kiểm tra thực hiện qua môi trường số", "%", "50%", "70%", "Sở Tư pháp"],
    ],
  },
  {
    title: "KINH TẾ SỐ",
    rows: [
      ["Tỷ trọng kinh tế số trong GRDP", "%", "10%", "20%", "Thống kê tỉnh"],
      ["Số doanh nghiệp công nghệ số", "Doanh nghiệp", "1.200", "2.500", "Sở Khoa học và Công nghệ"],
      ["Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "%", "50%", "70%", "Sở Công Thương"],
      ["Tỷ trọng thương mại điện tử trong tổng mức bán lẻ", "%", "10%", "20%", "Sở Công Thương"],
      ["Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử", "%", "80%", "100%", "Sở Công Thương"],
      [
        "Tỷ lệ hộ sản xuất nông nghiệp bán hàng trên sàn thương mại điện tử",
        "%",
        "30%",
        "50%",
        "Sở Nông nghiệp và Môi trường",
      ],
    ],
  },
  {
    title: "XÃ HỘI SỐ",
    rows: [
      [
        "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang",
        "%",
        "80%",
        "100%",
        "Sở Khoa học và Công nghệ",
      ],
      ["Tỷ lệ dân số trưởng thành có điện thoại thông minh", "%", "85%", "95%", "Sở Khoa học và Công nghệ"],
      ["Tỷ lệ dân số trưởng thành có tài khoản thanh toán điện tử", "%", "50%", "80%", "Sở Tài chính"],
      ["Tỷ lệ dân số có hồ sơ sức khỏe điện tử", "%", "90%", "100%", "Sở Y tế"],
      ["Số tổ công nghệ số cộng đồng", "Tổ", "1.871", "2.000", "Sở Khoa học và Công nghệ"],
      ["Tỷ lệ trường học triển khai học bạ số", "%", "100%", "100%", "Sở Giáo dục và Đào tạo"],
    ],
  },
];

const ROMAN = ["I", "II", "III"];

/** The fixture as rows of cell texts (title lines, header, sections, 20 targets). */
export function annexFixtureRows(): string[][] {
  const out: string[][] = [
    ["PHỤ LỤC: CHỈ TIÊU CHUYỂN ĐỔI SỐ TỈNH MINH HỌA ĐẾN NĂM 2025, ĐỊNH HƯỚNG 2030", "", "", "", "", ""],
    [
      "(Kèm theo Kế hoạch số 586/KH-UBND ngày 15/3/2024 của UBND tỉnh — dữ liệu minh họa)",
      "",
      "",
      "",
      "",
      "",
    ],
    ANNEX_FIXTURE_HEADER,
  ];
  let n = 0;
  SECTIONS.forEach((s, i) => {
    out.push([ROMAN[i], s.title, "", "", "", ""]);
    for (const r of s.rows) {
      n++;
      out.push([String(n), ...r]);
    }
  });
  return out;
}

/** The fixture as tab-separated text (as copied from Word). */
export function annexFixtureText(): string {
  return annexFixtureRows()
    .map((r) => r.join("\t"))
    .join("\n");
}

/** The fixture as an XLSX workbook (title merged across the table, bold header). */
export async function annexFixtureXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Phụ lục");
  for (const r of annexFixtureRows()) ws.addRow(r);
  ws.mergeCells("A1:F1");
  ws.mergeCells("A2:F2");
  ws.getRow(3).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 60 : 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
