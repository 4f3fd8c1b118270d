/**
 * A small report model shaped like the seed articles (14/38 targets, 36,8%; chính quyền số 8/11):
 * used by tests and by the renderers' previews when no database is at hand.
 */
import type { TReportModel, TReportTarget } from "./model.ts";

function target(
  code: string,
  pillarCode: string,
  name: string,
  figures: Pick<TReportTarget, "planDisplay" | "actualDisplay" | "status"> & Partial<TReportTarget>,
): TReportTarget {
  return {
    code,
    name,
    pillarCode,
    measureUnit: "%",
    planYear: 2026,
    responsibleUnitName: null,
    ...figures,
  };
}

/** The fixture model. */
export function fixtureReportModel(): TReportModel {
  return {
    issuer: {
      parentBody: "UBND TỈNH MINH HỌA",
      body: "BAN CHỈ ĐẠO\nCHUYỂN ĐỔI SỐ",
      place: "Minh Họa",
      number: "",
      symbol: "BC-BCĐ",
      date: "2026-10-05",
      signerTitle: "TRƯỞNG BAN",
      signerName: "Nguyễn Văn Minh",
      recipients: ["Ban Chỉ đạo CĐS quốc gia (để b/c);", "Thường trực Tỉnh ủy (để b/c);", "Lưu: VT, BCĐ."],
    },
    unitName: "tỉnh Minh Họa",
    planName: "Nghị quyết 01-NQ/TU",
    period: "2026N9",
    counts: { total: 38, achieved: 14, exceeded: 3, near: 9, behind: 12, noData: 3, percent: "36,8%" },
    pillars: [
      {
        code: "CQS",
        name: "Chính quyền số",
        kind: "pillar",
        counts: { total: 11, achieved: 8, exceeded: 2, near: 2, behind: 1, noData: 0, percent: "72,7%" },
      },
      {
        code: "KTS",
        name: "Kinh tế số",
        kind: "pillar",
        counts: { total: 6, achieved: 2, exceeded: 0, near: 2, behind: 2, noData: 0, percent: "33,3%" },
      },
      {
        code: "XHS",
        name: "Xã hội số",
        kind: "pillar",
        counts: { total: 3, achieved: 1, exceeded: 1, near: 1, behind: 1, noData: 0, percent: "33,3%" },
      },
      {
        code: "HT",
        name: "Hạ tầng số",
        kind: "foundation",
        counts: { total: 18, achieved: 3, exceeded: 0, near: 4, behind: 8, noData: 3, percent: "16,7%" },
      },
    ],
    targets: [
      target("CQS01", "CQS", "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", {
        planDisplay: "80%",
        actualDisplay: "89,5%",
        status: "exceeded",
      }),
      target("CQS02", "CQS", "Tỷ lệ hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng", {
        planDisplay: "90%",
        actualDisplay: "87%",
        status: "near",
      }),
      target("KTS01", "KTS", "Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử", {
        planDisplay: "100%",
        actualDisplay: "100%",
        status: "achieved",
      }),
      target("KTS02", "KTS", "Tỷ trọng kinh tế số trong GRDP", {
        planDisplay: "10%",
        actualDisplay: "4,2%",
        status: "behind",
      }),
      target("XHS01", "XHS", "Số tổ công nghệ số cộng đồng", {
        measureUnit: "tổ",
        planDisplay: "1.500",
        actualDisplay: "1.545",
        status: "exceeded",
      }),
      target("HT01", "HT", "Tỷ lệ thôn có cáp quang", {
        planDisplay: "100%",
        actualDisplay: "—",
        status: "no_data",
      }),
    ],
    unitsBehind: [
      { name: "Xã Bản Mây", achieved: 3, total: 20 },
      { name: "Xã Nậm Sơn", achieved: 4, total: 20 },
    ],
    completeness: { reported: 98, expected: 102, percent: "96,1%" },
    narratives: [
      { section: "results", unitName: "Sở Khoa học và Công nghệ", text: "Hoàn thành nâng cấp trục LGSP." },
      {
        section: "shortcomings",
        unitName: "Xã Bản Mây",
        text: "Còn 5 thôn chưa có sóng 4G; nhân lực chuyển đổi số còn thiếu.",
      },
      { section: "proposals", unitName: "Xã Bản Mây", text: "Đề nghị hỗ trợ kinh phí phủ sóng." },
    ],
    previousTasks: {
      sessionTitle: "Hội nghị sơ kết 6 tháng đầu năm 2026",
      tasks: [
        {
          title: "Đưa 100% thủ tục đủ điều kiện lên dịch vụ công trực tuyến toàn trình",
          responsibleUnitName: "Văn phòng UBND tỉnh",
          deadline: "2026-09-30",
          status: "done",
          overdue: false,
          lastProgress: "Đã hoàn thành ngày 20/9/2026",
        },
        {
          title: "Phủ sóng 4G tới 100% thôn",
          responsibleUnitName: "Sở Khoa học và Công nghệ",
          deadline: "2026-09-15",
          status: "in_progress",
          overdue: true,
          lastProgress: null,
        },
      ],
    },
  };
}
