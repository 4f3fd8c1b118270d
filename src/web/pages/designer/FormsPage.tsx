/**
 * Reporting forms: the list, and the builder — choose a plan, the targets whose indicators the form
 * collects (in sections, by pillar by default), the unit groups and the period type.
 */
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { TForm, TFormDetail } from "../../../server/forms/schemas.ts";
import type { TPillar, TPlanDetail, TTargetDetail } from "../../../server/plans/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { errText, groupOptions, periodTypeOptions, StatusTag } from "./shared.tsx";

/** Forms page with the builder. */
export default function FormsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const scope = useScope();
  const [params, setParams] = useSearchParams();
  const planId = params.get("planId") ? Number(params.get("planId")) : null;
  const forms = useApi<{ items: TForm[] }>("/forms");
  const plans = useApi<{ items: TPlanDetail[] }>("/plans", { limit: 200 });
  const pillars = useApi<{ items: TPillar[] }>("/pillars");
  const targets = useApi<{ items: TTargetDetail[] }>(planId ? `/plans/${planId}/targets` : null);
  const [building, setBuilding] = useState(planId !== null);
  const [selected, setSelected] = useState<number[]>([]);
  const [sections, setSections] = useState<Record<number, string>>({});
  const [required, setRequired] = useState<Record<number, boolean>>({});
  const [created, setCreated] = useState<TFormDetail | null>(null);
  const [form] = Form.useForm();
  const plan = plans.data?.items.find((p) => p.id === planId);

  useEffect(() => {
    const items = (targets.data?.items ?? []).filter((x) => x.indicatorId !== null);
    setSelected(items.map((x) => x.id));
    const pl = pillars.data?.items ?? [];
    setSections(
      Object.fromEntries(
        items.map((x) => {
          const p = pl.find((y) => y.id === x.pillarId);
          return [x.id, p ? (lang === "vi" ? p.name : p.nameEn) : ""];
        }),
      ),
    );
  }, [targets.data, pillars.data, lang]);
  useEffect(() => {
    if (plan)
      form.setFieldsValue({
        code: `${plan.code}-BM`.slice(0, 40),
        name: `Báo cáo thực hiện ${plan.name}`.slice(0, 300),
      });
  }, [plan, form]);

  const save = async () => {
    const v = await form.validateFields();
    const items = (targets.data?.items ?? []).filter(
      (x) => selected.includes(x.id) && x.indicatorId !== null,
    );
    const seen = new Set<number>();
    const elements = items
      .filter((x) => !seen.has(x.indicatorId as number) && seen.add(x.indicatorId as number))
      .map((x) => ({
        indicatorId: x.indicatorId,
        section: sections[x.id] ?? "",
        required: required[x.id] ?? false,
      }));
    try {
      const f = await api.post<TFormDetail>("/forms", { ...v, planId, ownerUnitId: scope.unitId, elements });
      message.success(t("dz.formCreated"));
      setCreated(f);
      setBuilding(false);
      forms.reload();
    } catch (e) {
      message.error(errText(e, lang));
    }
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("dz.forms")}
        </Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => setBuilding(true)}>
          {t("dz.newForm")}
        </Button>
      </Space>
      {created ? (
        <Alert
          type="success"
          data-testid="form-created"
          message={`${t("dz.formCreated")}: ${created.name} (${t("dz.elements", { n: created.elementCount })})`}
          action={
            <Link to="/collection/rounds">
              <Button type="primary">{t("dz.openRound")}</Button>
            </Link>
          }
        />
      ) : null}
      {building ? (
        <Card title={t("dz.newForm")}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ periodType: "quarter", appliesTo: ["commune"], cumulative: true }}
          >
            <Space wrap align="start">
              <Form.Item label={t("dz.plan")}>
                <Select
                  style={{ width: 360 }}
                  value={planId ?? undefined}
                  onChange={(v) => setParams({ planId: String(v) })}
                  options={(plans.data?.items ?? []).map((p) => ({
                    value: p.id,
                    label: `${p.code} — ${p.name}`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="code" label={t("dz.code")} rules={[{ required: true }]}>
                <Input style={{ width: 160 }} data-testid="form-code" />
              </Form.Item>
              <Form.Item name="periodType" label={t("dz.periodType")}>
                <Select style={{ width: 140 }} options={periodTypeOptions(t)} />
              </Form.Item>
              <Form.Item name="appliesTo" label={t("dz.appliesTo")} rules={[{ required: true }]}>
                <Select
                  mode="multiple"
                  style={{ minWidth: 240 }}
                  options={groupOptions(t)}
                  data-testid="form-groups"
                />
              </Form.Item>
              <Form.Item name="cumulative" label=" " valuePropName="checked">
                <Checkbox>{t("dz.cumulative")}</Checkbox>
              </Form.Item>
            </Space>
            <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
              <Input data-testid="form-name" />
            </Form.Item>
          </Form>
          <Typography.Text strong>{t("dz.chooseIndicators")}</Typography.Text>
          <Table
            size="small"
            rowKey="id"
            loading={targets.loading}
            scroll={{ x: true }}
            pagination={false}
            dataSource={(targets.data?.items ?? []).filter((x) => x.indicatorId !== null)}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
            columns={[
              { title: t("dz.code"), dataIndex: "code", width: 80 },
              { title: t("dz.name"), dataIndex: "name" },
              { title: t("dz.indicator"), dataIndex: "indicatorCode", width: 160 },
              {
                title: t("dz.section"),
                key: "sec",
                width: 200,
                render: (_: unknown, r: TTargetDetail) => (
                  <Input
                    size="small"
                    value={sections[r.id] ?? ""}
                    onChange={(e) => setSections((s) => ({ ...s, [r.id]: e.target.value }))}
                  />
                ),
              },
              {
                title: t("dz.required"),
                key: "req",
                width: 80,
                render: (_: unknown, r: TTargetDetail) => (
                  <Checkbox
                    checked={required[r.id] ?? false}
                    onChange={(e) => setRequired((s) => ({ ...s, [r.id]: e.target.checked }))}
                  />
                ),
              },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => setBuilding(false)}>{t("dz.cancel")}</Button>
            <Button
              type="primary"
              onClick={save}
              disabled={!planId || selected.length === 0}
              data-testid="form-save"
            >
              {t("dz.create")} ({t("dz.elements", { n: selected.length })})
            </Button>
          </Space>
        </Card>
      ) : null}
      {forms.error ? <Alert type="error" message={forms.error.text(lang)} /> : null}
      <Table
        size="small"
        rowKey="id"
        loading={forms.loading}
        scroll={{ x: true }}
        dataSource={forms.data?.items ?? []}
        columns={[
          { title: t("dz.code"), dataIndex: "code", width: 140 },
          { title: t("dz.name"), dataIndex: "name" },
          { title: t("dz.plan"), dataIndex: "planName" },
          {
            title: t("dz.periodType"),
            dataIndex: "periodType",
            width: 100,
            render: (p: string) => t(`period.${p}`),
          },
          {
            title: t("dz.appliesTo"),
            key: "ap",
            width: 180,
            render: (_: unknown, r: TForm) =>
              r.appliesToSet.map((g) => <Tag key={g}>{t(`dz.group.${g}`)}</Tag>),
          },
          { title: t("dz.indicators"), dataIndex: "elementCount", width: 90, align: "right" },
          {
            title: t("dz.status"),
            dataIndex: "status",
            width: 120,
            render: (s: string) => <StatusTag status={s} />,
          },
        ]}
      />
    </Space>
  );
}
