/**
 * Annex import wizard: upload an XLSX or paste a table from Word, check the guessed column mapping and
 * fix it, preview the targets (pillars from section rows), then create the plan — or see the errors
 * per row, with nothing written.
 */
import { UploadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { type ReactNode, useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { ANNEX_FIELDS, type TAnnexField } from "../../../core/annex/mapping.ts";
import { PILLAR_CODES } from "../../../core/annex/pillar.ts";
import { formatNumber } from "../../../core/vn-number.ts";
import type { TAnnexPreview, TAnnexTableDto } from "../../../server/plans/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { errText, groupOptions } from "./shared.tsx";

const PILLAR_NAMES: Record<string, [string, string]> = {
  CQS: ["Chính quyền số", "Digital government"],
  KTS: ["Kinh tế số", "Digital economy"],
  XHS: ["Xã hội số", "Digital society"],
  NT: ["Nhận thức số", "Digital awareness"],
  TC: ["Thể chế số", "Digital institutions"],
  HT: ["Hạ tầng số", "Digital infrastructure"],
  NL: ["Nhân lực số", "Digital human resources"],
  ATTT: ["An toàn thông tin mạng", "Cyber-security"],
};

/** The wizard. */
export default function AnnexImportPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const scope = useScope();
  const [step, setStep] = useState(0);
  const [table, setTable] = useState<TAnnexTableDto | null>(null);
  const [mapping, setMapping] = useState<TAnnexField[]>([]);
  const [defaultPillar, setDefaultPillar] = useState<string | null>(null);
  const [preview, setPreview] = useState<TAnnexPreview | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [importErrors, setImportErrors] = useState<TAnnexPreview["errors"] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [form] = Form.useForm();

  const accept = (dto: TAnnexTableDto) => {
    setTable(dto);
    setMapping(dto.mapping);
    setPreview(null);
    setStep(1);
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      message.error(errText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const upload = (file: File) =>
    run(async () => {
      const fd = new FormData();
      fd.append("file", file);
      accept(await api.post<TAnnexTableDto>("/plans/annex/upload", fd));
    });
  const paste = () => run(async () => accept(await api.post<TAnnexTableDto>("/plans/annex/paste", { text })));
  const body = () => ({
    rows: table?.rows ?? [],
    rowNumbers: table?.rowNumbers,
    bodyStart: table?.bodyStart ?? 0,
    mapping,
    defaultPillar,
    ownerUnitId: scope.unitId,
  });
  const doPreview = () =>
    run(async () => {
      setPreview(await api.post<TAnnexPreview>("/plans/annex/preview", body()));
      setStep(2);
    });
  const create = () =>
    run(async () => {
      const v = (await form.validateFields()) as {
        code: string;
        name: string;
        legalNumber?: string;
        legalIssuer?: string;
        legalDate?: Dayjs;
        startYear?: number;
        endYear?: number;
        appliesTo: string[];
      };
      setImportErrors(null);
      try {
        const r = await api.post<{ planId: number; targets: number }>("/plans/annex/import", {
          ...body(),
          appliesTo: v.appliesTo,
          plan: {
            code: v.code,
            name: v.name,
            ownerUnitId: scope.unitId,
            legalNumber: v.legalNumber || null,
            legalIssuer: v.legalIssuer || null,
            legalDate: v.legalDate ? v.legalDate.format("YYYY-MM-DD") : null,
            startYear: v.startYear ?? null,
            endYear: v.endYear ?? null,
          },
        });
        message.success(t("dz.annex.created", { n: r.targets }));
        navigate(`/designer/plans/${r.planId}`);
      } catch (e) {
        const details = (e as { body?: { details?: { errors?: TAnnexPreview["errors"] } } }).body?.details;
        if (details?.errors) setImportErrors(details.errors);
        throw e;
      }
    });

  const fieldOptions = () => {
    const years = new Set<number>([2022, 2025, 2030]);
    for (const m of mapping) if (m.startsWith("year:")) years.add(Number(m.slice(5)));
    return [
      ...ANNEX_FIELDS.map((f) => ({ value: f, label: t(`dz.field.${f}`) })),
      ...[...years].sort().map((y) => ({ value: `year:${y}`, label: t("dz.field.year", { year: y }) })),
    ];
  };
  const sample = (col: number) =>
    table?.rows
      .slice(table.bodyStart)
      .map((r) => r[col])
      .find((c) => c && c.length > 0) ?? "";

  const pillarLabel = (code: string | null) =>
    code ? (PILLAR_NAMES[code]?.[lang === "vi" ? 0 : 1] ?? code) : "—";

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("dz.annex.title")}
      </Typography.Title>
      <Steps
        current={step}
        size="small"
        items={[t("dz.annex.step1"), t("dz.annex.step2"), t("dz.annex.step3")].map((title) => ({ title }))}
      />
      {step === 0 ? (
        <Card>
          <Space direction="vertical" style={{ width: "100%" }}>
            <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} loading={busy}>
              {t("dz.annex.upload")}
            </Button>
            <input
              ref={fileInput}
              data-testid="annex-file"
              type="file"
              accept=".xlsx,.txt,.tsv"
              hidden
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void upload(f);
                e.target.value = "";
              }}
            />
            <Typography.Text type="secondary">{t("dz.annex.paste")}</Typography.Text>
            <Input.TextArea
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={
                "STT\tMục tiêu, chỉ tiêu\tĐơn vị tính\tChỉ tiêu 2025\tChỉ tiêu 2030\tCơ quan chủ trì"
              }
            />
            <Button onClick={paste} disabled={!text.trim()} loading={busy}>
              {t("dz.annex.read")}
            </Button>
          </Space>
        </Card>
      ) : null}
      {step === 1 && table ? (
        <Card
          title={t("dz.annex.headerRow", { row: table.rowNumbers[table.headerRow] ?? table.headerRow + 1 })}
        >
          <Table
            size="small"
            pagination={false}
            rowKey="col"
            scroll={{ x: true }}
            dataSource={table.headers.map((h, col) => ({ col, h }))}
            columns={[
              {
                title: t("dz.annex.column"),
                dataIndex: "col",
                width: 60,
                render: (c: number) => String.fromCharCode(65 + c),
              },
              { title: t("dz.annex.header"), dataIndex: "h" },
              {
                title: t("dz.annex.field"),
                key: "field",
                width: 220,
                render: (_: unknown, r: { col: number }) => (
                  <Select
                    data-testid={`map-${r.col}`}
                    style={{ width: 200 }}
                    value={mapping[r.col]}
                    options={fieldOptions()}
                    onChange={(v) =>
                      setMapping((m) => m.map((x, i) => (i === r.col ? (v as TAnnexField) : x)))
                    }
                  />
                ),
              },
              {
                title: t("dz.annex.sample"),
                key: "s",
                render: (_: unknown, r: { col: number }) => sample(r.col),
              },
            ]}
          />
          <Space style={{ marginTop: 12 }} wrap>
            <span>{t("dz.annex.defaultPillar")}</span>
            <Select
              allowClear
              style={{ width: 220 }}
              placeholder={t("dz.annex.guessed")}
              value={defaultPillar ?? undefined}
              onChange={(v) => setDefaultPillar(v ?? null)}
              options={PILLAR_CODES.map((c) => ({ value: c, label: pillarLabel(c) }))}
            />
          </Space>
          <Space style={{ marginTop: 12, display: "flex" }}>
            <Button onClick={() => setStep(0)}>{t("dz.back")}</Button>
            <Button type="primary" onClick={doPreview} loading={busy} data-testid="annex-preview">
              {t("dz.annex.preview")}
            </Button>
          </Space>
        </Card>
      ) : null}
      {step === 2 && preview ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          {preview.errors.length > 0 || importErrors ? (
            <Alert
              type="error"
              message={t("dz.annex.errors")}
              description={
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {(importErrors ?? preview.errors).slice(0, 50).map((e) => (
                    <li key={`${e.row}-${e.field}-${e.message}`}>
                      {lang === "vi" ? e.message : e.messageEn}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : (
            <Alert type="success" message={t("dz.annex.noErrors", { n: preview.targets.length })} />
          )}
          {preview.warnings.length > 0 ? (
            <Alert
              type="warning"
              message={t("dz.annex.warnings")}
              description={
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {preview.warnings.slice(0, 20).map((e) => (
                    <li key={`${e.row}-${e.field}-${e.message}`}>
                      {lang === "vi" ? e.message : e.messageEn}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Table
            size="small"
            rowKey="row"
            scroll={{ x: true }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={preview.targets}
            columns={[
              { title: t("dz.annex.row"), dataIndex: "row", width: 60 },
              { title: t("dz.code"), dataIndex: "code", width: 80 },
              {
                title: t("dz.pillar"),
                dataIndex: "pillarCode",
                width: 140,
                render: (c: string | null) => <Tag>{pillarLabel(c)}</Tag>,
              },
              { title: t("dz.name"), dataIndex: "name" },
              { title: t("dz.unitOfMeasure"), dataIndex: "unit", width: 110 },
              ...preview.years.map((y) => ({
                title: String(y),
                key: `y${y}`,
                width: 80,
                align: "right" as const,
                render: (_: unknown, r: TAnnexPreview["targets"][number]) => {
                  const v = r.values.find((x) => x.year === y)?.value;
                  return v === undefined ? "" : formatNumber(v, { locale: lang });
                },
              })),
              {
                title: t("dz.responsible"),
                key: "resp",
                render: (_: unknown, r: TAnnexPreview["targets"][number]) =>
                  r.responsibleUnitName ??
                  (r.responsible ? <Typography.Text type="warning">{r.responsible}</Typography.Text> : ""),
              },
            ]}
          />
          <Card title={t("dz.annex.step4")}>
            <Form
              form={form}
              layout="vertical"
              initialValues={{
                appliesTo: ["province"],
                startYear: 2021,
                endYear: Math.max(2025, ...preview.years),
              }}
            >
              <Row gutter={12}>
                <Col xs={24} md={6}>
                  <Form.Item name="code" label={t("dz.code")} rules={[{ required: true }]}>
                    <Input data-testid="plan-code" placeholder="KH586" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={18}>
                  <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
                    <Input data-testid="plan-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name="legalNumber" label={t("dz.legalNumber")}>
                    <Input data-testid="plan-legal-number" placeholder="586/KH-UBND" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="legalIssuer" label={t("dz.legalIssuer")}>
                    <Input placeholder="UBND tỉnh" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={4}>
                  <Form.Item name="legalDate" label={t("dz.legalDate")}>
                    <DatePicker format="DD/MM/YYYY" style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={3}>
                  <Form.Item name="startYear" label={t("dz.startYear")}>
                    <InputNumber min={2000} max={2100} style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={3}>
                  <Form.Item name="endYear" label={t("dz.endYear")}>
                    <InputNumber min={2000} max={2100} style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="appliesTo" label={t("dz.appliesTo")} rules={[{ required: true }]}>
                    <Select mode="multiple" options={groupOptions(t)} />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
            <Space>
              <Button onClick={() => setStep(1)}>{t("dz.back")}</Button>
              <Button
                type="primary"
                onClick={create}
                loading={busy}
                disabled={preview.errors.length > 0 || !scope.unitId}
                data-testid="annex-create"
              >
                {t("dz.annex.step4")}
              </Button>
            </Space>
          </Card>
        </Space>
      ) : null}
    </Space>
  );
}
