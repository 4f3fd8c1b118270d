import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Drawer, Form, Grid, Input, InputNumber, Select, Space } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { periodLabel } from "../../../core/period.ts";
import type { TActivityInput, TTeam, TTeamCreate } from "../../../server/teams/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";

/** The unit a team is edited for. */
export interface TEditTarget {
  unitId: number;
  unitName: string;
  team: TTeam | null;
}

/** Full width on a phone, a side panel on a desktop. */
function useDrawerWidth(): string | number {
  const screens = Grid.useBreakpoint();
  return screens.md ? 560 : "100%";
}

function ErrorLine(props: { error: ApiError | null }): ReactNode {
  const { lang } = useLang();
  if (!props.error) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="team-error"
      title={props.error.text(lang)}
      description={props.error.body.field}
      style={{ marginBottom: 12 }}
    />
  );
}

/** Add or edit a team and its members (name, role, phone). */
export function TeamDrawer(props: {
  target: TEditTarget | null;
  onClose(): void;
  onSaved(): void;
}): ReactNode {
  const t = useT();
  const width = useDrawerWidth();
  const [form] = Form.useForm<TTeamCreate>();
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const team = props.target?.team ?? null;

  useEffect(() => {
    if (!props.target) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      team
        ? {
            name: team.name,
            foundingDecision: team.foundingDecision,
            foundedOn: team.foundedOn,
            status: team.status,
            note: team.note,
            members: (team.members ?? []).map((m) => ({
              id: m.id,
              fullName: m.fullName,
              role: m.role,
              phone: m.phone,
            })),
          }
        : {
            name: `Tổ công nghệ số cộng đồng ${props.target.unitName}`,
            status: "active",
            members: [{ fullName: "", role: "leader", phone: "" }],
          },
    );
  }, [props.target, team, form]);

  const save = async () => {
    const v = await form.validateFields();
    const members = (v.members ?? []).map((m) => ({ ...m, phone: m.phone ? m.phone : null }));
    const body = {
      ...v,
      foundingDecision: v.foundingDecision || null,
      foundedOn: v.foundedOn || null,
      note: v.note || null,
      members,
    };
    setSaving(true);
    setError(null);
    try {
      if (team) await api.put(`/teams/${team.id}`, { ...body, version: team.version });
      else await api.post("/teams", { ...body, unitId: props.target!.unitId });
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={props.target !== null}
      onClose={props.onClose}
      size={width}
      title={`${team ? t("cns.edit") : t("cns.addTeam")} — ${props.target?.unitName ?? ""}`}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={save} loading={saving} data-testid="team-save">
          {t("cns.save")}
        </Button>
      }
    >
      <ErrorLine error={error} />
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="name"
          label={t("cns.teamName")}
          rules={[{ required: true, min: 3, message: t("cns.required") }]}
        >
          <Input data-testid="team-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="foundingDecision" label={t("cns.foundingDecision")} style={{ flex: 1 }}>
            <Input data-testid="team-decision" />
          </Form.Item>
          <Form.Item name="foundedOn" label={t("cns.foundedOn")} style={{ flex: 1 }}>
            <Input type="date" data-testid="team-founded" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="status" label={t("cns.status")}>
          <Select
            options={(["active", "inactive", "dissolved"] as const).map((s) => ({
              value: s,
              label: t(`cns.status.${s}`),
            }))}
          />
        </Form.Item>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <div>
              <div style={{ fontWeight: 600, marginBottom: 8 }}>{t("cns.memberList")}</div>
              {fields.map((f, i) => (
                <div
                  key={f.key}
                  data-testid={`member-${i}`}
                  style={{
                    border: "1px solid #eaeef2",
                    borderRadius: 8,
                    padding: "8px 8px 0",
                    marginBottom: 8,
                  }}
                >
                  <Form.Item name={[f.name, "id"]} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "fullName"]}
                    rules={[{ required: true, min: 2, message: t("cns.required") }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input placeholder={t("cns.fullName")} data-testid={`member-name-${i}`} />
                  </Form.Item>
                  <Space.Compact block>
                    <Form.Item
                      name={[f.name, "role"]}
                      style={{ flex: 1, marginBottom: 8 }}
                      initialValue="member"
                    >
                      <Select
                        options={(["leader", "deputy", "member"] as const).map((r) => ({
                          value: r,
                          label: t(`cns.role.${r}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "phone"]} style={{ flex: 1, marginBottom: 8 }}>
                      <Input placeholder={t("cns.phone")} inputMode="tel" data-testid={`member-phone-${i}`} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t("cns.remove")}
                    />
                  </Space.Compact>
                </div>
              ))}
              <Button
                block
                icon={<PlusOutlined />}
                onClick={() => add({ fullName: "", role: "member", phone: "" })}
                data-testid="member-add"
              >
                {t("cns.addMember")}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

/** The last four quarters up to the current one, newest first. */
function recentQuarters(today = new Date()): string[] {
  let y = today.getFullYear();
  let q = Math.floor(today.getMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    out.push(`${y}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/** Record a team's activity for a quarter. */
export function ActivityDrawer(props: { team: TTeam | null; onClose(): void; onSaved(): void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const width = useDrawerWidth();
  const [form] = Form.useForm<TActivityInput>();
  const [error, setError] = useState<ApiError | null>(null);
  const quarters = recentQuarters();

  useEffect(() => {
    if (props.team) {
      setError(null);
      form.setFieldsValue({ period: quarters[0], householdsHelped: 0, peopleGuided: 0, sessions: 0 });
    }
  }, [props.team, form, quarters[0]]);

  const save = async () => {
    const v = await form.validateFields();
    try {
      await api.post(`/teams/${props.team!.id}/activities`, v);
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };
  return (
    <Drawer
      open={props.team !== null}
      onClose={props.onClose}
      size={width}
      title={`${t("cns.activity")} — ${props.team?.unitName ?? ""}`}
      extra={
        <Button type="primary" onClick={save} data-testid="activity-save">
          {t("cns.save")}
        </Button>
      }
    >
      <ErrorLine error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="period" label={t("cns.period")}>
          <Select options={quarters.map((q) => ({ value: q, label: periodLabel(q, lang) }))} />
        </Form.Item>
        <Form.Item name="householdsHelped" label={t("cns.households")} rules={[{ required: true }]}>
          <InputNumber
            min={0}
            style={{ width: "100%" }}
            inputMode="numeric"
            data-testid="activity-households"
          />
        </Form.Item>
        <Form.Item name="peopleGuided" label={t("cns.people")} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: "100%" }} inputMode="numeric" data-testid="activity-people" />
        </Form.Item>
        <Form.Item name="sessions" label={t("cns.sessions")}>
          <InputNumber min={0} style={{ width: "100%" }} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
