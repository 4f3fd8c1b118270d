/**
 * One plan: legal basis, status and versions; the targets table with yearly values, direction,
 * benchmark, responsible body and unit groups; the plan's target groups; new version, retire, and
 * building a form from it.
 */
import { BranchesOutlined, FormOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { formatNumber } from "../../../core/vn-number.ts";
import type { TPillar, TPlanDetail, TPlanGroup, TTargetDetail } from "../../../server/plans/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { GroupsCard } from "./GroupsCard.tsx";
import { errText, groupOptions, pillarOptions, StatusTag } from "./shared.tsx";

type TTargetForm = {
  code: string;
  name: string;
  pillarId: number;
  groupId?: number | null;
  direction: "higher" | "lower";
  nationalBenchmark?: string | null;
  responsibleUnitId?: number | null;
  appliesTo: string[];
  unitLabel?: string | null;
  values: Array<{ year: number; value: string }>;
};

function TargetModal(props: {
  planId: number;
  provinceId: number | null;
  target: TTargetDetail | "new" | null;
  pillars: TPillar[];
  groups: TPlanGroup[];
  onClose(saved: boolean): void;
}): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<TTargetForm>();
  const agencies = useApi<{ items: Array<{ id: number; name: string; kind: string }> }>(
    props.provinceId ? `/units/${props.provinceId}/children` : null,
    { limit: 200 },
  );
  const tg = props.target;
  const initial: Partial<TTargetForm> =
    tg && tg !== "new"
      ? {
          code: tg.code,
          name: tg.name,
          pillarId: tg.pillarId ?? undefined,
          groupId: tg.groupId,
          direction: tg.direction,
          nationalBenchmark: tg.nationalBenchmark,
          responsibleUnitId: tg.responsibleUnitId,
          appliesTo: tg.appliesToSet,
          unitLabel: tg.unitLabel,
          values: tg.values,
        }
      : {
          direction: "higher",
          appliesTo: ["province"],
          values: [
            { year: 2025, value: "" },
            { year: 2030, value: "" },
          ],
        };
  const save = async () => {
    const v = await form.validateFields();
    const body = {
      ...v,
      // The fields this dialog shows are sent even when cleared (null clears); those it does not show
      // (indicator, English name, notes) are left out, and the server keeps them.
      groupId: v.groupId ?? null,
      nationalBenchmark: v.nationalBenchmark?.trim() ? v.nationalBenchmark : null,
      responsibleUnitId: v.responsibleUnitId ?? null,
      unitLabel: v.unitLabel?.trim() ? v.unitLabel : null,
      values: (v.values ?? []).filter(
        (x) => x && x.value !== "" && x.value !== undefined && x.value !== null,
      ),
    };
    try {
      if (tg === "new") await api.post(`/plans/${props.planId}/targets`, body);
      else if (tg) await api.put(`/targets/${tg.id}`, body);
      message.success(t("dz.saved"));
      props.onClose(true);
    } catch (e) {
      message.error(errText(e, lang));
    }
  };
  return (
    <Modal
      open={tg !== null}
      width={760}
      destroyOnHidden
      title={tg === "new" ? t("dz.addTarget") : tg?.name}
      onCancel={() => props.onClose(false)}
      onOk={save}
      okText={t("dz.save")}
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Space wrap align="start">
          <Form.Item name="code" label={t("dz.code")} rules={[{ required: true }]}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="pillarId" label={t("dz.pillar")} rules={[{ required: true }]}>
            <Select style={{ width: 200 }} options={pillarOptions(props.pillars, lang)} />
          </Form.Item>
          <Form.Item name="groupId" label={t("dz.group")}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={props.groups.map((g) => ({ value: g.id, label: g.name }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
          <Input.TextArea autoSize />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="direction" label={t("dz.direction")}>
            <Select
              style={{ width: 180 }}
              options={["higher", "lower"].map((d) => ({ value: d, label: t(`dz.direction.${d}`) }))}
            />
          </Form.Item>
          <Form.Item name="unitLabel" label={t("dz.unitOfMeasure")}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="nationalBenchmark"
            label={t("dz.benchmark")}
            rules={[{ pattern: /^-?\d+(\.\d+)?$/ }]}
          >
            <Input style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="responsibleUnitId" label={t("dz.responsible")}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(agencies.data?.items ?? [])
              .filter((u) => u.kind === "agency")
              .map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="appliesTo" label={t("dz.appliesTo")} rules={[{ required: true }]}>
          <Select mode="multiple" options={groupOptions(t)} />
        </Form.Item>
        <Typography.Text strong>{t("dz.values")}</Typography.Text>
        <Form.List name="values">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: "100%", marginTop: 8 }}>
              {fields.map((f) => (
                <Space key={f.key}>
                  <Form.Item name={[f.name, "year"]} noStyle rules={[{ required: true }]}>
                    <InputNumber min={2000} max={2100} placeholder={t("dz.year")} />
                  </Form.Item>
                  <Form.Item name={[f.name, "value"]} noStyle rules={[{ pattern: /^-?\d+(\.\d+)?$/ }]}>
                    <Input placeholder={t("dz.value")} style={{ width: 120 }} />
                  </Form.Item>
                  <Button size="small" onClick={() => remove(f.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ year: 2030, value: "" })}>
                {t("dz.addYear")}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** Plan editor page. */
export default function PlanEditorPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const plan = useApi<TPlanDetail>(`/plans/${id}`);
  const targets = useApi<{ items: TTargetDetail[] }>(`/plans/${id}/targets`);
  const pillars = useApi<{ items: TPillar[] }>("/pillars");
  const groups = useApi<{ items: TPlanGroup[] }>(`/plans/${id}/groups`);
  const versions = useApi<{ items: TPlanDetail[] }>(`/plans/${id}/versions`);
  const [editing, setEditing] = useState<TTargetDetail | "new" | null>(null);
  const [metaOpen, setMetaOpen] = useState(false);
  const [metaForm] = Form.useForm();
  const p = plan.data;
  const reload = () => {
    plan.reload();
    targets.reload();
    versions.reload();
  };
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
      reload();
    } catch (e) {
      message.error(errText(e, lang));
    }
  };
  const saveMeta = () =>
    act(async () => {
      const v = await metaForm.validateFields();
      await api.patch(`/plans/${id}`, { ...v, version: p?.version });
      setMetaOpen(false);
      message.success(t("dz.saved"));
    });
  const groupCounts = new Map<number, number>();
  for (const x of targets.data?.items ?? [])
    if (x.groupId !== null) groupCounts.set(x.groupId, (groupCounts.get(x.groupId) ?? 0) + 1);
  const years = [...new Set((targets.data?.items ?? []).flatMap((x) => x.values.map((v) => v.year)))].sort();
  const pillarName = (pid: number | null) => {
    const pl = pillars.data?.items.find((x) => x.id === pid);
    return pl ? (lang === "vi" ? pl.name : pl.nameEn) : "";
  };

  if (plan.error) return <Alert type="error" message={plan.error.text(lang)} />;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {p?.name}
      </Typography.Title>
      {p ? (
        <Card
          size="small"
          extra={
            <Space wrap>
              <Button
                disabled={p.readOnly}
                onClick={() => {
                  metaForm.setFieldsValue(p);
                  setMetaOpen(true);
                }}
              >
                {t("dz.edit")}
              </Button>
              <Link to={`/designer/forms?planId=${p.id}`}>
                <Button icon={<FormOutlined />} data-testid="build-form">
                  {t("dz.buildForm")}
                </Button>
              </Link>
              <Button
                icon={<BranchesOutlined />}
                disabled={p.readOnly}
                onClick={() =>
                  modal.confirm({
                    title: t("dz.newVersion"),
                    content: t("dz.newVersionHelp"),
                    onOk: () =>
                      act(async () => {
                        const n = await api.post<TPlanDetail>(`/plans/${id}/versions`, {});
                        navigate(`/designer/plans/${n.id}`);
                      }),
                  })
                }
              >
                {t("dz.newVersion")}
              </Button>
              <Button
                danger
                icon={<StopOutlined />}
                disabled={p.readOnly}
                onClick={() =>
                  modal.confirm({
                    title: t("dz.retire"),
                    onOk: () => act(() => api.post(`/plans/${id}/retire`, {})),
                  })
                }
              >
                {t("dz.retire")}
              </Button>
            </Space>
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t("dz.code")}>{p.code}</Descriptions.Item>
            <Descriptions.Item label={t("dz.legalNumber")}>{p.legalNumber}</Descriptions.Item>
            <Descriptions.Item label={t("dz.legalIssuer")}>{p.legalIssuer}</Descriptions.Item>
            <Descriptions.Item label={t("dz.legalDate")}>
              {p.legalDate?.split("-").reverse().join("/")}
            </Descriptions.Item>
            <Descriptions.Item label={t("dz.years")}>
              {p.startYear ?? ""}–{p.endYear ?? ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("dz.status")}>
              <StatusTag status={p.status} readOnly={p.readOnly} /> {t("dz.version")} {p.version}
            </Descriptions.Item>
            {p.legalFile ? (
              <Descriptions.Item label={t("dz.legalFile")}>{p.legalFile}</Descriptions.Item>
            ) : null}
            {(versions.data?.items.length ?? 0) > 1 ? (
              <Descriptions.Item label={t("dz.versions")}>
                <Space wrap>
                  {versions.data?.items.map((v) => (
                    <Link key={v.id} to={`/designer/plans/${v.id}`}>
                      <Tag color={v.id === p.id ? "blue" : undefined}>
                        {v.legalNumber ?? v.code} (v{v.version})
                      </Tag>
                    </Link>
                  ))}
                </Space>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      ) : null}
      {p ? (
        <GroupsCard
          planId={id}
          readOnly={p.readOnly}
          groups={groups.data?.items ?? []}
          pillars={pillars.data?.items ?? []}
          counts={groupCounts}
          onAdded={groups.reload}
        />
      ) : null}
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("dz.targets")} ({targets.data?.items.length ?? 0})
        </Typography.Title>
        <Button icon={<PlusOutlined />} disabled={p?.readOnly} onClick={() => setEditing("new")}>
          {t("dz.addTarget")}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={targets.loading}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={targets.data?.items ?? []}
        onRow={(r) => ({ onDoubleClick: () => !p?.readOnly && setEditing(r) })}
        columns={[
          { title: t("dz.code"), dataIndex: "code", width: 80 },
          {
            title: t("dz.pillar"),
            key: "pl",
            width: 130,
            render: (_: unknown, r: TTargetDetail) => pillarName(r.pillarId),
          },
          { title: t("dz.name"), dataIndex: "name" },
          { title: t("dz.unitOfMeasure"), dataIndex: "unitLabel", width: 90 },
          ...years.map((y) => ({
            title: String(y),
            key: `y${y}`,
            width: 70,
            align: "right" as const,
            render: (_: unknown, r: TTargetDetail) => {
              const v = r.values.find((x) => x.year === y)?.value;
              return v === undefined ? "" : formatNumber(v, { locale: lang });
            },
          })),
          {
            title: t("dz.benchmark"),
            dataIndex: "nationalBenchmark",
            width: 90,
            align: "right" as const,
            render: (v: string | null) => (v === null ? "" : formatNumber(v, { locale: lang })),
          },
          {
            title: t("dz.responsible"),
            key: "resp",
            width: 180,
            render: (_: unknown, r: TTargetDetail) => r.responsibleUnitName ?? r.responsibleText ?? "",
          },
          {
            title: t("dz.appliesTo"),
            key: "ap",
            width: 150,
            render: (_: unknown, r: TTargetDetail) =>
              r.appliesToSet.map((g) => <Tag key={g}>{t(`dz.group.${g}`)}</Tag>),
          },
          {
            key: "act",
            width: 70,
            render: (_: unknown, r: TTargetDetail) => (
              <Button size="small" disabled={p?.readOnly} onClick={() => setEditing(r)}>
                {t("dz.edit")}
              </Button>
            ),
          },
        ]}
      />
      <TargetModal
        planId={id}
        provinceId={p?.provinceId ?? null}
        target={editing}
        pillars={pillars.data?.items ?? []}
        groups={groups.data?.items ?? []}
        onClose={(saved) => {
          setEditing(null);
          if (saved) reload();
        }}
      />
      <Modal
        open={metaOpen}
        title={t("dz.edit")}
        onCancel={() => setMetaOpen(false)}
        onOk={saveMeta}
        okText={t("dz.save")}
      >
        <Form form={metaForm} layout="vertical">
          <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
            <Input.TextArea autoSize />
          </Form.Item>
          <Form.Item name="legalNumber" label={t("dz.legalNumber")}>
            <Input />
          </Form.Item>
          <Form.Item name="legalIssuer" label={t("dz.legalIssuer")}>
            <Input />
          </Form.Item>
          <Form.Item name="legalDate" label={t("dz.legalDate")} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input placeholder="2024-03-15" />
          </Form.Item>
          <Form.Item name="legalFile" label={t("dz.legalFile")}>
            <Input />
          </Form.Item>
          <Form.Item name="status" label={t("dz.status")}>
            <Select options={["draft", "active"].map((s) => ({ value: s, label: t(`dz.status.${s}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t("dz.reason")}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
