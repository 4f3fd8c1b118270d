/** The secretariat's plans: list, create, import an annex, copy a national template. */
import { CopyOutlined, FileExcelOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Form, Input, InputNumber, List, Modal, Space, Table, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { TPlanDetail } from "../../../server/plans/schemas.ts";
import type { TTemplate } from "../../../server/templates/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { errText, StatusTag } from "./shared.tsx";

/** Plans page. */
export default function PlansPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const scope = useScope();
  const plans = useApi<{ items: TPlanDetail[] }>("/plans", {
    limit: 200,
    ownerUnitId: scope.unitId ?? undefined,
  });
  const templates = useApi<{ items: TTemplate[] }>("/templates");
  const [creating, setCreating] = useState(false);
  const [tpl, setTpl] = useState<TTemplate | null>(null);
  const [form] = Form.useForm();
  const [copyForm] = Form.useForm();

  const create = async () => {
    const v = await form.validateFields();
    try {
      const p = await api.post<TPlanDetail>("/plans", { ...v, ownerUnitId: scope.unitId, status: "draft" });
      navigate(`/designer/plans/${p.id}`);
    } catch (e) {
      message.error(errText(e, lang));
    }
  };
  const copy = async () => {
    if (!tpl) return;
    const v = await copyForm.validateFields();
    try {
      const r = await api.post<{ planId: number }>(`/templates/${tpl.code}/copy`, {
        ...v,
        ownerUnitId: scope.unitId,
      });
      message.success(t("dz.copied"));
      navigate(`/designer/plans/${r.planId}`);
    } catch (e) {
      message.error(errText(e, lang));
    }
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("dz.plans")}
        </Typography.Title>
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!scope.unitId}>
            {t("dz.newPlan")}
          </Button>
          <Link to="/designer/plans/import">
            <Button type="primary" icon={<FileExcelOutlined />} data-testid="go-import">
              {t("dz.importAnnex")}
            </Button>
          </Link>
        </Space>
      </Space>
      {!scope.unitId ? <Alert type="info" message={t("dz.noUnit")} /> : null}
      {plans.error ? <Alert type="error" message={plans.error.text(lang)} /> : null}
      <Table
        size="small"
        rowKey="id"
        loading={plans.loading}
        scroll={{ x: true }}
        dataSource={plans.data?.items ?? []}
        columns={[
          { title: t("dz.code"), dataIndex: "code", width: 110 },
          {
            title: t("dz.name"),
            dataIndex: "name",
            render: (n: string, p: TPlanDetail) => <Link to={`/designer/plans/${p.id}`}>{n}</Link>,
          },
          {
            title: t("dz.legalBasis"),
            key: "legal",
            render: (_: unknown, p: TPlanDetail) =>
              [p.legalNumber, p.legalDate?.split("-").reverse().join("/")].filter(Boolean).join(" — "),
          },
          { title: t("dz.targets"), dataIndex: "targetCount", width: 90, align: "right" },
          { title: t("dz.version"), dataIndex: "version", width: 80, align: "right" },
          {
            title: t("dz.status"),
            key: "status",
            width: 200,
            render: (_: unknown, p: TPlanDetail) => <StatusTag status={p.status} readOnly={p.readOnly} />,
          },
        ]}
      />
      <Typography.Title level={4}>{t("dz.fromTemplate")}</Typography.Title>
      <List
        bordered
        dataSource={templates.data?.items ?? []}
        renderItem={(tp) => (
          <List.Item
            actions={[
              <Button key="copy" icon={<CopyOutlined />} onClick={() => setTpl(tp)} disabled={!scope.unitId}>
                {t("dz.copy")}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={`${tp.legalNumber} — ${lang === "vi" ? tp.name : tp.nameEn}`}
              description={`${t("dz.targetCount", { n: tp.targets.length })} · ${tp.summary}`}
            />
          </List.Item>
        )}
      />
      <Modal
        open={creating}
        title={t("dz.newPlan")}
        onCancel={() => setCreating(false)}
        onOk={create}
        okText={t("dz.create")}
      >
        <Form form={form} layout="vertical" initialValues={{ startYear: 2026, endYear: 2030 }}>
          <Form.Item name="code" label={t("dz.code")} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="legalNumber" label={t("dz.legalNumber")}>
            <Input />
          </Form.Item>
          <Form.Item name="legalIssuer" label={t("dz.legalIssuer")}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="startYear" label={t("dz.startYear")}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="endYear" label={t("dz.endYear")}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <Modal
        open={tpl !== null}
        width={900}
        title={tpl ? `${tpl.legalNumber} — ${tpl.name}` : ""}
        onCancel={() => setTpl(null)}
        onOk={copy}
        okText={t("dz.copy")}
      >
        <Form
          form={copyForm}
          layout="inline"
          initialValues={{ code: "CDS-749" }}
          style={{ marginBottom: 12 }}
        >
          <Form.Item name="code" label={t("dz.code")} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          scroll={{ y: 420, x: true }}
          dataSource={tpl?.targets ?? []}
          columns={[
            { title: t("dz.code"), dataIndex: "code", width: 70 },
            { title: t("dz.name"), key: "n", render: (_: unknown, r) => (lang === "vi" ? r.name : r.nameEn) },
            { title: "2025", key: "a", width: 60, render: (_: unknown, r) => r.values["2025"] ?? "" },
            { title: "2030", key: "b", width: 60, render: (_: unknown, r) => r.values["2030"] ?? "" },
            { title: t("dz.templateNote"), dataIndex: "note", width: 220 },
          ]}
        />
      </Modal>
    </Space>
  );
}
