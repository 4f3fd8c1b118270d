/**
 * The default commune DX criteria offered to a new programme: an illustrative commune framework in the
 * evaluation-index engine's shape (mandatory and extended criteria, 100 points). One criterion is scored
 * from the community-team registry (share of villages with a team), so the registry feeds recognition too.
 * Provinces replace it with the list of their own decision; the rule is the engine's default commune rule.
 */
import type { TCriterion, TFramework } from "../../core/evaluation/framework.ts";

const criterion = (
  code: string,
  nameVi: string,
  nameEn: string,
  scoring: TCriterion["scoring"],
): TCriterion => ({ kind: "criterion", code, nameVi, nameEn, maxPoints: 10, scoring });

/** Illustrative commune DX criteria: 4 mandatory, 6 extended. */
export const DEFAULT_COMMUNE_CRITERIA: TFramework = {
  code: "COMMUNE-DX",
  version: "minh-hoa",
  nameVi: "Bộ tiêu chí xã chuyển đổi số (minh họa)",
  nameEn: "Commune digital transformation criteria (illustrative)",
  scope: "commune",
  legalBasis: { number: "minh họa", issuer: "UBND tỉnh (minh họa)", date: "2026-01-15" },
  maxPoints: 100,
  publishedDecimals: 2,
  source:
    "Illustrative list shaped like provincial commune DX criteria; replace with the province's decision.",
  illustrative: true,
  children: [
    {
      kind: "index",
      code: "BB",
      nameVi: "Tiêu chí bắt buộc",
      nameEn: "Mandatory criteria",
      maxPoints: 40,
      requirement: "mandatory",
      children: [
        criterion("BB1", "Thôn, tổ dân phố có Tổ công nghệ số cộng đồng", "Villages with a community team", {
          type: "indicator",
          indicatorCode: "CNS_VILLAGE_COVERAGE",
          scale: { kind: "ratio", target: 100 },
        }),
        criterion("BB2", "Hồ sơ thủ tục hành chính xử lý trực tuyến", "Procedures handled online", {
          type: "ratio",
        }),
        criterion("BB3", "Trang thông tin điện tử của xã hoạt động", "Commune website in operation", {
          type: "boolean_evidence",
          minEvidence: 0,
        }),
        criterion(
          "BB4",
          "Cán bộ, công chức xã được bồi dưỡng kỹ năng số",
          "Commune staff trained in digital skills",
          {
            type: "ratio",
          },
        ),
      ],
    },
    {
      kind: "index",
      code: "MR",
      nameVi: "Tiêu chí mở rộng",
      nameEn: "Extended criteria",
      maxPoints: 60,
      requirement: "extended",
      children: [
        criterion("MR1", "Người dân có tài khoản định danh điện tử mức 2", "Residents with a level-2 e-ID", {
          type: "ratio",
        }),
        criterion(
          "MR2",
          "Hộ kinh doanh thanh toán không dùng tiền mặt",
          "Businesses taking cashless payments",
          {
            type: "ratio",
          },
        ),
        criterion(
          "MR3",
          "Sản phẩm OCOP trên sàn thương mại điện tử",
          "OCOP products on e-commerce platforms",
          {
            type: "boolean_evidence",
            minEvidence: 0,
          },
        ),
        criterion("MR4", "Điểm truy cập Wi-Fi công cộng", "Public Wi-Fi hotspots", {
          type: "boolean_evidence",
          minEvidence: 0,
        }),
        criterion(
          "MR5",
          "Camera an ninh kết nối trung tâm điều hành",
          "Security cameras linked to the operations centre",
          {
            type: "boolean_evidence",
            minEvidence: 0,
          },
        ),
        criterion(
          "MR6",
          "Ứng dụng công nghệ số trong sản xuất nông nghiệp",
          "Digital technology in farming",
          {
            type: "direct",
          },
        ),
      ],
    },
  ],
};
