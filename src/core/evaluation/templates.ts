/**
 * Framework templates shipped with DX Monitor: the provincial DTI of Decision 922/QĐ-BTTTT (2022),
 * the provincial DTI of Decision 405/QĐ-BKHCN (2025) as far as it is publicly known, and empty
 * frameworks for a province's own department and commune indices.
 *
 * What is taken from the legal text is marked by its absence of `illustrative`; every placeholder
 * criterion carries `illustrative: true` and a note, so that nobody mistakes it for the official
 * criterion list. A province loads the official criteria by editing the framework through the API.
 */
import type { TCriterion, TFramework, TIndexNode, TLegalBasis, TPillar, TScoring } from "./framework.ts";

const ILLUSTRATIVE_NOTE =
  "Placeholder criterion (illustrative): its topic is typical of this index, its points and rule are not taken " +
  "from the decision. Replace with the official sub-indices before an official evaluation.";

function placeholder(options: {
  code: string;
  nameVi: string;
  nameEn: string;
  maxPoints: number;
  scoring: TScoring;
  unit?: string;
}): TCriterion {
  return { kind: "criterion", ...options, illustrative: true, note: ILLUSTRATIVE_NOTE };
}

function topIndex(options: {
  code: string;
  nameVi: string;
  nameEn: string;
  maxPoints: number;
  pillar: TPillar;
  note: string;
  illustrative?: boolean;
  children: TCriterion[];
}): TIndexNode {
  return { kind: "index", ...options };
}

const yesWithEvidence: TScoring = { type: "boolean_evidence" };
const ratio: TScoring = { type: "ratio" };

/** Legal basis of the 2022 provincial DTI. */
export const DECISION_922_2022: TLegalBasis = {
  number: "922/QĐ-BTTTT",
  issuer: "Bộ Thông tin và Truyền thông",
  date: "2022-05-20",
  title:
    "Phê duyệt Đề án “Xác định Bộ chỉ số đánh giá chuyển đổi số của các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, " +
    "các tỉnh, thành phố trực thuộc Trung ương và của quốc gia”",
};

/** Legal basis of the 2025 DTI. */
export const DECISION_405_2025: TLegalBasis = {
  number: "405/QĐ-BKHCN",
  issuer: "Bộ Khoa học và Công nghệ",
  date: "2025-04-03",
  title:
    "Phê duyệt Đề án “Xác định Bộ chỉ số đánh giá chuyển đổi số của các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, " +
    "các tỉnh, thành phố trực thuộc Trung ương và của quốc gia”",
};

/**
 * Provincial DTI 2022 (Decision 922/QĐ-BTTTT, Annex 1). The eight scored main indices and their
 * maximum points are those of the decision (5 × 100 foundation points, 200 + 150 + 150 activity
 * points, 1000 in total); the criteria under them are illustrative placeholders. The ninth main
 * index of the decision, "Đô thị thông minh" (smart city: 3 sub-indices, 0 points, not scored),
 * is left out because it carries no points. Codes follow the decision's numbering of the main
 * indices (hence no index 6); placeholder criteria use letters ("1.A") so they cannot be confused
 * with the decision's sub-index numbers.
 */
export const DTI_PROVINCE_2022: TFramework = {
  code: "DTI-PROVINCE",
  version: "2022",
  nameVi: "Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI cấp tỉnh)",
  nameEn: "Provincial Digital Transformation Index (DTI)",
  scope: "province",
  legalBasis: DECISION_922_2022,
  status: "active",
  maxPoints: 1000,
  publishedDecimals: 4,
  source:
    "Decision 922/QĐ-BTTTT of 20/5/2022 (Ministry of Information and Communications), Annex 1 “Bộ chỉ số đánh giá chuyển đổi số " +
    "cấp tỉnh”: structure Table I.1 — 3 pillars (digital government, economy, society); 9 main indices with 98 sub-indices, " +
    "1000 points: foundation group 500 points (Nhận thức số 100, 10 sub-indices; Thể chế số 100, 11; Hạ tầng số 100, 7; " +
    "Nhân lực số 100, 13; An toàn thông tin mạng 100, 12; Đô thị thông minh 0, 3, not scored) and activity group 500 points " +
    "(Hoạt động chính quyền số 200, 22; Hoạt động kinh tế số 150, 12; Hoạt động xã hội số 150, 8). " +
    "DTI = Σ(index value × index max points)/1000, published with 4 decimals (dti.gov.vn, DTI 2022 ranking: " +
    "Đà Nẵng 0,8002). Criteria below the main indices are illustrative placeholders.",
  note: "Main indices and points: from the decision. Criteria: illustrative placeholders (see each criterion's note).",
  children: [
    topIndex({
      code: "1",
      nameVi: "Nhận thức số",
      nameEn: "Digital awareness",
      maxPoints: 100,
      pillar: "foundation",
      note: "10 sub-indices in the decision.",
      children: [
        placeholder({
          code: "1.A",
          nameVi: "Người đứng đầu tỉnh là Trưởng Ban Chỉ đạo chuyển đổi số",
          nameEn: "The head of the province chairs the DX steering committee",
          maxPoints: 40,
          scoring: {
            type: "categorical",
            options: [
              {
                code: "head",
                labelVi: "Bí thư hoặc Chủ tịch tỉnh",
                labelEn: "Party secretary or chairman",
                share: 1,
              },
              {
                code: "deputy",
                labelVi: "Phó Bí thư hoặc Phó Chủ tịch tỉnh",
                labelEn: "A deputy",
                share: 0.5,
              },
              {
                code: "none",
                labelVi: "Chưa có Ban Chỉ đạo / người khác",
                labelEn: "No committee / someone else",
                share: 0,
              },
            ],
          },
        }),
        placeholder({
          code: "1.B",
          nameVi: "Số phiên họp của Ban Chỉ đạo chuyển đổi số trong năm",
          nameEn: "Meetings of the DX steering committee in the year",
          maxPoints: 20,
          unit: "phiên họp",
          scoring: {
            type: "steps",
            steps: [
              { threshold: 4, points: 20 },
              { threshold: 3, points: 15 },
              { threshold: 2, points: 10 },
              { threshold: 1, points: 5 },
            ],
          },
        }),
        placeholder({
          code: "1.C",
          nameVi: "Kế hoạch tuyên truyền về chuyển đổi số được ban hành và thực hiện",
          nameEn: "A DX communication plan is issued and carried out",
          maxPoints: 40,
          scoring: yesWithEvidence,
        }),
      ],
    }),
    topIndex({
      code: "2",
      nameVi: "Thể chế số",
      nameEn: "Digital institutions",
      maxPoints: 100,
      pillar: "foundation",
      note: "11 sub-indices in the decision.",
      children: [
        placeholder({
          code: "2.A",
          nameVi: "Nghị quyết / Kế hoạch chuyển đổi số của tỉnh được ban hành",
          nameEn: "The province's DX resolution / plan is issued",
          maxPoints: 40,
          scoring: yesWithEvidence,
        }),
        placeholder({
          code: "2.B",
          nameVi: "Kiến trúc chính quyền số của tỉnh được ban hành, cập nhật",
          nameEn: "The province's digital government architecture is issued and up to date",
          maxPoints: 30,
          scoring: yesWithEvidence,
        }),
        placeholder({
          code: "2.C",
          nameVi: "Chính sách thu hút, đãi ngộ nhân lực số (điểm do hội đồng thẩm định chấm)",
          nameEn: "Policy to attract and retain digital talent (points set by the appraisal council)",
          maxPoints: 30,
          scoring: { type: "direct" },
        }),
      ],
    }),
    topIndex({
      code: "3",
      nameVi: "Hạ tầng số",
      nameEn: "Digital infrastructure",
      maxPoints: 100,
      pillar: "foundation",
      note: "7 sub-indices in the decision.",
      children: [
        placeholder({
          code: "3.A",
          nameVi: "Tỷ lệ hộ gia đình có kết nối Internet cáp quang",
          nameEn: "Households with a fibre Internet connection",
          maxPoints: 40,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "HH_FIBRE_PCT",
            scale: { kind: "ratio", target: 100 },
          },
        }),
        placeholder({
          code: "3.B",
          nameVi: "Tỷ lệ thôn, bản được phủ sóng băng rộng di động 4G/5G",
          nameEn: "Villages covered by 4G/5G mobile broadband",
          maxPoints: 30,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "VILLAGE_4G_PCT",
            scale: { kind: "linear", worst: 80, best: 100 },
          },
        }),
        placeholder({
          code: "3.C",
          nameVi: "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối với nền tảng quốc gia (NDXP)",
          nameEn: "The provincial data-sharing platform (LGSP) is connected to the national one (NDXP)",
          maxPoints: 30,
          scoring: yesWithEvidence,
        }),
      ],
    }),
    topIndex({
      code: "4",
      nameVi: "Nhân lực số",
      nameEn: "Digital human resources",
      maxPoints: 100,
      pillar: "foundation",
      note: "13 sub-indices in the decision.",
      children: [
        placeholder({
          code: "4.A",
          nameVi: "Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số",
          nameEn: "Civil servants trained in digital skills",
          maxPoints: 40,
          scoring: ratio,
        }),
        placeholder({
          code: "4.B",
          nameVi: "Tỷ lệ thôn, tổ dân phố có Tổ công nghệ số cộng đồng",
          nameEn: "Villages with a community digital technology team",
          maxPoints: 30,
          scoring: ratio,
        }),
        placeholder({
          code: "4.C",
          nameVi: "Số cán bộ chuyên trách công nghệ thông tin, chuyển đổi số của tỉnh",
          nameEn: "Dedicated IT / DX staff of the province",
          maxPoints: 30,
          unit: "người",
          scoring: {
            type: "steps",
            steps: [
              { threshold: 20, points: 30 },
              { threshold: 10, points: 20 },
              { threshold: 5, points: 10 },
            ],
          },
        }),
      ],
    }),
    topIndex({
      code: "5",
      nameVi: "An toàn thông tin mạng",
      nameEn: "Cyber-security",
      maxPoints: 100,
      pillar: "foundation",
      note: "12 sub-indices in the decision.",
      children: [
        placeholder({
          code: "5.A",
          nameVi: "Tỷ lệ hệ thống thông tin được phê duyệt hồ sơ đề xuất cấp độ",
          nameEn: "Information systems with an approved security-level dossier",
          maxPoints: 40,
          scoring: ratio,
        }),
        placeholder({
          code: "5.B",
          nameVi: "Giám sát an toàn thông tin tập trung (SOC) kết nối với hệ thống giám sát quốc gia",
          nameEn: "Central security monitoring (SOC) connected to the national monitoring system",
          maxPoints: 30,
          scoring: yesWithEvidence,
        }),
        placeholder({
          code: "5.C",
          nameVi: "Số cuộc diễn tập an toàn thông tin mạng trong năm",
          nameEn: "Cyber-security drills in the year",
          maxPoints: 30,
          unit: "cuộc",
          scoring: {
            type: "steps",
            steps: [
              { threshold: 2, points: 30 },
              { threshold: 1, points: 15 },
            ],
          },
        }),
      ],
    }),
    topIndex({
      code: "7",
      nameVi: "Hoạt động chính quyền số",
      nameEn: "Digital government",
      maxPoints: 200,
      pillar: "government",
      note: "22 sub-indices in the decision.",
      children: [
        placeholder({
          code: "7.A",
          nameVi: "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
          nameEn: "Administrative procedures offered as full online public services",
          maxPoints: 80,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "DVC_FULL_ONLINE_PCT",
            scale: { kind: "ratio", target: 100 },
          },
        }),
        placeholder({
          code: "7.B",
          nameVi: "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, xử lý trực tuyến",
          nameEn: "Administrative applications received and processed online",
          maxPoints: 60,
          scoring: ratio,
        }),
        placeholder({
          code: "7.C",
          nameVi: "Tỷ lệ văn bản đi được ký số và gửi trên môi trường mạng",
          nameEn: "Outgoing documents digitally signed and sent online",
          maxPoints: 60,
          scoring: ratio,
        }),
      ],
    }),
    topIndex({
      code: "8",
      nameVi: "Hoạt động kinh tế số",
      nameEn: "Digital economy",
      maxPoints: 150,
      pillar: "economy",
      note: "12 sub-indices in the decision.",
      children: [
        placeholder({
          code: "8.A",
          nameVi: "Tỷ trọng kinh tế số trong GRDP",
          nameEn: "Digital economy share of GRDP",
          maxPoints: 60,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "DIGITAL_ECONOMY_GRDP_PCT",
            scale: { kind: "linear", worst: 0, best: 20 },
          },
        }),
        placeholder({
          code: "8.B",
          nameVi: "Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử",
          nameEn: "Enterprises using e-invoices",
          maxPoints: 45,
          scoring: ratio,
        }),
        placeholder({
          code: "8.C",
          nameVi: "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số",
          nameEn: "SMEs using digital platforms",
          maxPoints: 45,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "SME_PLATFORM_PCT",
            scale: { kind: "ratio", target: 100 },
          },
        }),
      ],
    }),
    topIndex({
      code: "9",
      nameVi: "Hoạt động xã hội số",
      nameEn: "Digital society",
      maxPoints: 150,
      pillar: "society",
      note: "8 sub-indices in the decision.",
      children: [
        placeholder({
          code: "9.A",
          nameVi: "Tỷ lệ người trưởng thành có điện thoại thông minh",
          nameEn: "Adults with a smartphone",
          maxPoints: 50,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "ADULT_SMARTPHONE_PCT",
            scale: { kind: "ratio", target: 100 },
          },
        }),
        placeholder({
          code: "9.B",
          nameVi: "Tỷ lệ người trưởng thành có tài khoản giao dịch thanh toán",
          nameEn: "Adults with a payment account",
          maxPoints: 50,
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "ADULT_PAYMENT_ACCOUNT_PCT",
            scale: { kind: "ratio", target: 100 },
          },
        }),
        placeholder({
          code: "9.C",
          nameVi: "Tỷ lệ dân số có hồ sơ sức khỏe điện tử",
          nameEn: "Population with an electronic health record",
          maxPoints: 50,
          unit: "%",
          scoring: { type: "indicator", indicatorCode: "EHR_PCT", scale: { kind: "ratio", target: 100 } },
        }),
      ],
    }),
  ],
};

const NOTE_2025 =
  "Per-index maximum points of the 2025 provincial DTI are not verified from the decision text: the 2022 distribution is " +
  "kept as a placeholder (illustrative).";

/** A 2025 top index with one direct-entry placeholder, for entering the official sub-index points as published. */
function index2025(options: {
  code: string;
  nameVi: string;
  nameEn: string;
  maxPoints: number;
  pillar: TPillar;
}): TIndexNode {
  return topIndex({
    ...options,
    illustrative: true,
    note: NOTE_2025,
    children: [
      placeholder({
        code: `${options.code}.POINTS`,
        nameVi: `Điểm ${options.nameVi} (nhập theo kết quả đánh giá; chỉ số thành phần chưa chi tiết hóa)`,
        nameEn: `${options.nameEn} points (entered from the evaluation; sub-indices not yet itemised)`,
        maxPoints: options.maxPoints,
        scoring: { type: "direct" },
      }),
    ],
  });
}

/**
 * Provincial DTI 2025 (Decision 405/QĐ-BKHCN of 03/4/2025), as far as publicly known: three pillars
 * (digital government, economy, society); 8 main indices with 47 sub-indices, in a foundation
 * group (digital awareness, institutions, infrastructure, human resources, cyber-security) and an
 * activity group (digital government, economy, society); 1000 points. Per-index points and the
 * 47 sub-indices are not verified and are illustrative (one direct-entry criterion per index).
 * Index codes are those of the 2022 template (1–5, 7–9) so that year-on-year comparison matches
 * the same index across versions by code.
 */
export const DTI_PROVINCE_2025: TFramework = {
  code: "DTI-PROVINCE",
  version: "2025",
  nameVi: "Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI cấp tỉnh) 2025",
  nameEn: "Provincial Digital Transformation Index (DTI) 2025",
  scope: "province",
  legalBasis: DECISION_405_2025,
  status: "draft",
  maxPoints: 1000,
  publishedDecimals: 4,
  illustrative: true,
  source:
    "Decision 405/QĐ-BKHCN of 03/4/2025 (Ministry of Science and Technology). Publicly reported structure (MoST announcement " +
    "of DTI 2024 results on 21/10/2025, reported by vietnamnet.vn, sggp.org.vn, ngaynay.vn): provincial DTI with 3 pillars, " +
    "8 main indices and 47 sub-indices — foundation group (nhận thức số, thể chế số, hạ tầng số, nhân lực số, an toàn " +
    "thông tin mạng) and activity group (chính quyền số, kinh tế số, xã hội số); national DTI 12 indices, 1000 points " +
    "(digital government 400, economy 300, society 300); ministry DTI 6 main indices, 31 sub-indices, 1000 points. " +
    "Per-index points and sub-indices of the provincial DTI: not verified (illustrative).",
  note: `${NOTE_2025} Index codes reuse the 2022 codes (1–5, 7–9) so that year-on-year comparison matches indices by code.`,
  children: [
    index2025({
      code: "1",
      nameVi: "Nhận thức số",
      nameEn: "Digital awareness",
      maxPoints: 100,
      pillar: "foundation",
    }),
    index2025({
      code: "2",
      nameVi: "Thể chế số",
      nameEn: "Digital institutions",
      maxPoints: 100,
      pillar: "foundation",
    }),
    index2025({
      code: "3",
      nameVi: "Hạ tầng số",
      nameEn: "Digital infrastructure",
      maxPoints: 100,
      pillar: "foundation",
    }),
    index2025({
      code: "4",
      nameVi: "Nhân lực số",
      nameEn: "Digital human resources",
      maxPoints: 100,
      pillar: "foundation",
    }),
    index2025({
      code: "5",
      nameVi: "An toàn thông tin mạng",
      nameEn: "Cyber-security",
      maxPoints: 100,
      pillar: "foundation",
    }),
    index2025({
      code: "7",
      nameVi: "Hoạt động chính quyền số",
      nameEn: "Digital government",
      maxPoints: 200,
      pillar: "government",
    }),
    index2025({
      code: "8",
      nameVi: "Hoạt động kinh tế số",
      nameEn: "Digital economy",
      maxPoints: 150,
      pillar: "economy",
    }),
    index2025({
      code: "9",
      nameVi: "Hoạt động xã hội số",
      nameEn: "Digital society",
      maxPoints: 150,
      pillar: "society",
    }),
  ],
};

/**
 * An empty framework for a province's own index of its departments ("sở, ban, ngành") or
 * communes, to be filled through the editor. It starts as a draft with no indices; validation
 * reports it as empty (a warning) until indices and criteria are added.
 */
export function createLocalFramework(options: {
  scope: "department" | "commune";
  /** E.g. "LAOCAI-COMMUNE-DX". */
  code: string;
  version: string;
  /** Name of the province, used in the default names. */
  provinceName: string;
  legalBasis: TLegalBasis;
  /** Total points (default 1000 for departments, 100 for communes). */
  maxPoints?: number;
}): TFramework {
  const department = options.scope === "department";
  return {
    code: options.code,
    version: options.version,
    nameVi: department
      ? `Bộ chỉ số đánh giá chuyển đổi số các sở, ban, ngành tỉnh ${options.provinceName}`
      : `Bộ tiêu chí đánh giá chuyển đổi số cấp xã tỉnh ${options.provinceName}`,
    nameEn: department
      ? `Digital transformation index of the departments of ${options.provinceName}`
      : `Commune digital transformation criteria of ${options.provinceName}`,
    scope: options.scope,
    legalBasis: options.legalBasis,
    status: "draft",
    maxPoints: options.maxPoints ?? (department ? 1000 : 100),
    publishedDecimals: department ? 4 : 2,
    source: `Provincial framework issued under ${options.legalBasis.number} (${options.legalBasis.issuer}, ${options.legalBasis.date}).`,
    note: department
      ? "Empty template: add top indices (e.g. the DTI foundation and activity indices) and criteria."
      : "Empty template: add criteria and flag each as mandatory or extended for the recognition rule.",
    children: [],
  };
}

/** The templates offered in the framework editor. */
export const FRAMEWORK_TEMPLATES: ReadonlyArray<{ id: string; framework: TFramework }> = [
  { id: "dti-province-2022", framework: DTI_PROVINCE_2022 },
  { id: "dti-province-2025", framework: DTI_PROVINCE_2025 },
];
