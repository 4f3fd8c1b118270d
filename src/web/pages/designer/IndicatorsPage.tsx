/**
 * The indicator catalogue: search, create and edit (formula checked as you type, with the error
 * position), retire, delete (refused with the reason when in use), and the definition history.
 */
import { PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Timeline,
  Typography,
} from "antd";
import { type ReactNode, useEffect, useState } from "react";
import type {
  TFormulaCheck,
  TIndicator,
  TIndicatorDetail,
  TIndicatorVersion,
} from "../../../server/indicators/schemas.ts";
import { AGGREGATION_VALUES, INDICATOR_KIND_VALUES } from "../../../server/indicators/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { errText, StatusTag } from "./shared.tsx";

function FormulaField(props: { value?: string; onChange?(v: string): void; code?: string }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const [check, setCheck] = useState<TFormulaCheck | null>(null);
  const value = props.value ?? "";
  useEffect(() => {
    if (!value.trim()) {
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      api
        .post<TFormulaCheck>("/indicators/check-formula", { formula: value, code: props.code })
        .then(setCheck)
        .catch(() => setCheck(null));
    }, 300);
    return () => clearTimeout(timer);
  }, [value, props.code]);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Input
        data-testid="formula"
        value={value}
        onChange={(e) => props.onChange?.(e.target.value)}
        status={check && !check.ok ? "error" : undefined}
        style={{ fontFamily: "monospace" }}
      />
      {check?.ok ? (
        <Typography.Text type="success">
          {t("dz.formulaOk", { codes: check.codes.join(", ") })}
        </Typography.Text>
      ) : null}
      {check && !check.ok && check.error ? (
        <div data-testid="formula-error">
          <pre style={{ margin: 0, fontSize: 12 }}>
            {value}
            {"\n"}
            {" ".repeat(check.error.position)}
            {"^".repeat(Math.max(1, check.error.length))}
          </pre>
          <Typography.Text type="danger">
            {t("dz.formulaAt", {
              pos: check.error.position + 1,
              msg: lang === "vi" ? check.error.message : check.error.messageEn,
            })}
          </Typography.Text>
        </div>
      ) : null}
    </Space>
  );
}

/** Indicator catalogue page. */
export default function IndicatorsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message, modal } = App.useApp();
  const scope = useScope();
  const [q, setQ] = useState("");
  const list = useApi<{ items: TIndicator[]; total: number }>("/indicators", {
    q: q || undefined,
    limit: 200,
  });
  const [editing, setEditing] = useState<TIndicatorDetail | "new" | null>(null);
  const [history, setHistory] = useState<TIndicatorVersion[] | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch("kind", form);
  const code = Form.useWatch("code", form);

  const open = async (id: number | "new") => {
    if (id === "new") {
      form.resetFields();
      setEditing("new");
      return;
    }
    const d = await api.get<TIndicatorDetail>(`/indicators/${id}`);
    form.setFieldsValue(d);
    setEditing(d);
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing === "new") await api.post("/indicators", { ...v, ownerUnitId: scope.unitId });
      else if (editing) await api.put(`/indicators/${editing.id}`, { ...v, version: editing.version });
      message.success(t("dz.saved"));
      setEditing(null);
      list.reload();
    } catch (e) {
      message.error(errText(e, lang));
    }
  };
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setEditing(null);
      list.reload();
    } catch (e) {
      modal.error({ title: t("app.error"), content: errText(e, lang) });
    }
  };
  const d = editing && editing !== "new" ? editing : null;

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("dz.indicators")}
        </Typography.Title>
        <Space>
          <Input.Search allowClear placeholder={t("dz.search")} onSearch={setQ} style={{ width: 260 }} />
          <Button icon={<PlusOutlined />} onClick={() => open("new")}>
            {t("dz.newIndicator")}
          </Button>
        </Space>
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        scroll={{ x: true }}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => void open(r.id), style: { cursor: "pointer" } })}
        columns={[
          { title: t("dz.code"), dataIndex: "code", width: 180 },
          {
            title: t("dz.name"),
            key: "n",
            render: (_: unknown, r: TIndicator) => (lang === "vi" ? r.name : (r.nameEn ?? r.name)),
          },
          { title: t("dz.kind"), dataIndex: "kind", width: 150, render: (k: string) => t(`dz.kind.${k}`) },
          { title: t("dz.unitOfMeasure"), dataIndex: "unit", width: 90 },
          { title: t("dz.version"), dataIndex: "version", width: 80, align: "right" },
          {
            title: t("dz.status"),
            dataIndex: "status",
            width: 120,
            render: (s: string) => <StatusTag status={s} />,
          },
        ]}
      />
      <Modal
        open={editing !== null}
        width={760}
        title={d ? `${d.code} — ${t("dz.version")} ${d.version}` : t("dz.newIndicator")}
        onCancel={() => setEditing(null)}
        footer={[
          d ? (
            <Button
              key="h"
              onClick={async () =>
                setHistory(
                  (await api.get<{ items: TIndicatorVersion[] }>(`/indicators/${d.id}/versions`)).items,
                )
              }
            >
              {t("dz.history")}
            </Button>
          ) : null,
          d ? (
            <Button
              key="r"
              onClick={() =>
                act(() =>
                  api.post(`/indicators/${d.id}/${d.status === "retired" ? "restore" : "retire"}`, {}),
                )
              }
            >
              {d.status === "retired" ? t("dz.restore") : t("dz.retire")}
            </Button>
          ) : null,
          d ? (
            <Button
              key="d"
              danger
              data-testid="indicator-delete"
              onClick={() => act(() => api.delete(`/indicators/${d.id}`))}
            >
              {t("dz.delete")}
            </Button>
          ) : null,
          <Button key="c" onClick={() => setEditing(null)}>
            {t("dz.cancel")}
          </Button>,
          <Button key="s" type="primary" onClick={save}>
            {t("dz.save")}
          </Button>,
        ]}
      >
        {d ? (
          <Alert
            style={{ marginBottom: 12 }}
            type="info"
            message={t("dz.usedBy", {
              values: d.usage.dataValues,
              targets: d.usage.targets,
              forms: d.usage.forms,
            })}
            description={d.forms.map((f) => f.name).join(", ") || undefined}
          />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: "percent", aggregation: "average", decimals: 1 }}
        >
          <Space wrap align="start">
            <Form.Item
              name="code"
              label={t("dz.code")}
              rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_.]*$/ }]}
            >
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="kind" label={t("dz.kind")}>
              <Select
                style={{ width: 200 }}
                options={INDICATOR_KIND_VALUES.map((k) => ({ value: k, label: t(`dz.kind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="unit" label={t("dz.unitOfMeasure")}>
              <Input style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="decimals" label="Số lẻ / decimals">
              <InputNumber min={0} max={6} />
            </Form.Item>
          </Space>
          <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t("dz.nameEn")}>
            <Input />
          </Form.Item>
          <Form.Item name="definition" label={t("dz.definition")}>
            <Input.TextArea autoSize />
          </Form.Item>
          {kind === "ratio" ? (
            <Space wrap>
              <Form.Item name="numeratorLabel" label={t("dz.numerator")} rules={[{ required: true }]}>
                <Input style={{ width: 300 }} />
              </Form.Item>
              <Form.Item name="denominatorLabel" label={t("dz.denominator")} rules={[{ required: true }]}>
                <Input style={{ width: 300 }} />
              </Form.Item>
            </Space>
          ) : null}
          <Form.Item name="aggregation" label={t("dz.aggregation")}>
            <Select options={AGGREGATION_VALUES.map((a) => ({ value: a, label: a }))} />
          </Form.Item>
          <Form.Item name="formula" label={t("dz.formula")}>
            <FormulaField code={code} />
          </Form.Item>
          <Form.Item name="source" label={t("dz.dataSource")}>
            <Input />
          </Form.Item>
          {d ? (
            <Form.Item name="reason" label={t("dz.reason")}>
              <Input />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal open={history !== null} title={t("dz.history")} footer={null} onCancel={() => setHistory(null)}>
        <Timeline
          items={(history ?? []).map((h) => ({
            children: (
              <>
                <div>
                  {t("dz.historyRow", {
                    v: h.version,
                    at: h.at ? new Date(h.at).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB") : "—",
                    actor: h.actor ?? "—",
                    n: h.dataValues,
                  })}
                </div>
                {h.reason ? <Typography.Text type="secondary">{h.reason}</Typography.Text> : null}
              </>
            ),
          }))}
        />
      </Modal>
    </Space>
  );
}
