/** The secretariat's rounds: open a round, follow completeness, remind, lock, upload many units at once. */
import { BellOutlined, LockOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Select,
  Space,
  Spin,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { type ReactNode, useRef, useState } from "react";
import { periodLabel } from "../../../core/period.ts";
import { formatPercent } from "../../../core/vn-number.ts";
import type { TCompletenessBody, TRound } from "../../../server/rounds/schemas.ts";
import type { TImportResult } from "../../../server/submissions/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { uploadRaw } from "./shared.tsx";

type TForm = { id: number; code: string; name: string };

function RoundCard(props: { round: TRound; forms: TForm[] }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const r = props.round;
  const comp = useApi<TCompletenessBody>(`/rounds/${r.id}/completeness`);
  const input = useRef<HTMLInputElement>(null);
  const [rowsErr, setRowsErr] = useState<TImportResult["errors"] | null>(null);
  const act = async (fn: () => Promise<string>) => {
    try {
      message.success(await fn());
      comp.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  const upload = async (file: File) => {
    setRowsErr(null);
    try {
      const res = await uploadRaw<TImportResult>(
        `/api/rounds/${r.id}/import?dataSetId=${r.dataSetIds[0]}`,
        file,
      );
      message.success(t("col.importOk", { values: res.values, submissions: res.submissions }));
      comp.reload();
    } catch (e) {
      if (e instanceof ApiError && (e.body.details as TImportResult | undefined)?.errors)
        setRowsErr((e.body.details as TImportResult).errors);
      else message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      if (input.current) input.current.value = "";
    }
  };
  const c = comp.data;
  return (
    <Card
      size="small"
      title={r.name}
      extra={<span>{periodLabel(r.period, lang)}</span>}
      data-testid="round-card"
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <span>
          {t("col.deadline")}: {r.deadline.split("-").reverse().join("/")} ·{" "}
          {props.forms
            .filter((f) => r.dataSetIds.includes(f.id))
            .map((f) => f.name)
            .join(", ")}
        </span>
        {c ? (
          <>
            <Progress
              percent={Math.round(c.submittedShare * 100)}
              format={() =>
                t("col.submittedShare", {
                  pct: formatPercent(c.submittedShare, { decimals: 0, locale: lang }),
                })
              }
            />
            <span>
              {t("col.expected")}: {c.expected} ·{" "}
              {Object.entries(c.counts)
                .filter(([, n]) => n > 0)
                .map(([s, n]) => `${t(`col.state.${s}`)} ${n}`)
                .join(" · ")}
            </span>
            {c.late.length > 0 ? (
              <Typography.Text type="danger">
                {t("col.late")}:{" "}
                {c.late
                  .slice(0, 8)
                  .map((l) => l.name)
                  .join(", ")}
                {c.late.length > 8 ? ` (+${c.late.length - 8})` : ""}
              </Typography.Text>
            ) : null}
            {c.returned.length > 0 ? (
              <span>
                {t("col.returned")}: {c.returned.map((l) => l.name).join(", ")}
              </span>
            ) : null}
          </>
        ) : (
          <Spin size="small" />
        )}
        <Space wrap>
          <Button
            icon={<BellOutlined />}
            onClick={() =>
              act(async () =>
                t("col.reminded", {
                  n: (await api.post<{ notifications: number }>(`/rounds/${r.id}/remind`)).notifications,
                }),
              )
            }
          >
            {t("col.remind")}
          </Button>
          <Button
            icon={<LockOutlined />}
            onClick={() =>
              act(async () =>
                t("col.lockedN", { n: (await api.post<{ locked: number }>(`/rounds/${r.id}/lock`)).locked }),
              )
            }
          >
            {t("col.lockRound")}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} title={t("col.bulkHelp")}>
            {t("col.bulkImport")}
          </Button>
          <input
            ref={input}
            type="file"
            accept=".xlsx,.csv"
            hidden
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
            }}
          />
        </Space>
        {rowsErr ? (
          <Alert
            type="error"
            message={t("col.importErrors")}
            description={
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {rowsErr.slice(0, 30).map((e) => (
                  <li key={`${e.row}-${e.field}-${e.message}`}>
                    {t("col.row", { row: e.row })}: {lang === "vi" ? e.message : e.messageEn}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
      </Space>
    </Card>
  );
}

/** Rounds page. */
export default function RoundsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const scope = useScope();
  const rounds = useApi<{ items: TRound[] }>("/rounds");
  const forms = useApi<{ items: TForm[] }>("/rounds/forms");
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = async () => {
    const v = (await form.validateFields()) as {
      name: string;
      period: string;
      dates: [Dayjs, Dayjs];
      dataSetIds: number[];
      approvalLevel: "province" | "district";
    };
    try {
      await api.post("/rounds", {
        ownerUnitId: scope.unitId,
        name: v.name,
        period: v.period.trim().toUpperCase(),
        opensOn: v.dates[0].format("YYYY-MM-DD"),
        deadline: v.dates[1].format("YYYY-MM-DD"),
        dataSetIds: v.dataSetIds,
        approvalLevel: v.approvalLevel,
      });
      setOpen(false);
      form.resetFields();
      rounds.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("col.roundsTitle")}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} data-testid="new-round" onClick={() => setOpen(true)}>
          {t("col.newRound")}
        </Button>
      </Space>
      {rounds.error ? <Alert type="error" message={rounds.error.text(lang)} /> : null}
      {rounds.loading && !rounds.data ? <Spin /> : null}
      {rounds.data && rounds.data.items.length === 0 ? <Empty /> : null}
      <List
        grid={{ gutter: 12, xs: 1, lg: 2 }}
        dataSource={rounds.data?.items ?? []}
        renderItem={(r) => (
          <List.Item>
            <RoundCard round={r} forms={forms.data?.items ?? []} />
          </List.Item>
        )}
      />
      <Modal
        open={open}
        title={t("col.newRound")}
        onCancel={() => setOpen(false)}
        onOk={create}
        okText={t("col.create")}
        cancelText={t("col.cancel")}
      >
        <Form form={form} layout="vertical" initialValues={{ approvalLevel: "province" }}>
          <Form.Item name="name" label={t("col.roundName")} rules={[{ required: true }]}>
            <Input placeholder="Báo cáo 9 tháng năm 2026" />
          </Form.Item>
          <Form.Item
            name="period"
            label={t("col.period")}
            rules={[{ required: true, pattern: /^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/i }]}
          >
            <Input placeholder="2026N9" />
          </Form.Item>
          <Form.Item
            name="dates"
            label={`${t("col.opensOn")} – ${t("col.deadline")}`}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="dataSetIds" label={t("col.forms")} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              options={(forms.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
            />
          </Form.Item>
          <Form.Item name="approvalLevel" label={t("col.approvalLevel")}>
            <Select
              options={[
                { value: "province", label: t("col.approval.province") },
                { value: "district", label: t("col.approval.district") },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
