/** Review sessions of the selected unit: the list, and the form that creates one. */
import { Alert, Button, Card, Empty, Form, Input, List, Select, Space, Spin, Tag, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import type { TSession, TSessionDetail } from "../../../server/sessions/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { lines, todayIso, useUnitOptions, viDate } from "./shared.tsx";

interface TForm {
  title: string;
  period: string;
  heldOn: string;
  kind: TSession["kind"];
  chair?: string;
  location?: string;
  participants?: string;
  bridgeUnitIds?: number[];
  agenda?: string;
}

function CreateSession(props: { onCancel(): void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const scope = useScope();
  const navigate = useNavigate();
  const units = useUnitOptions(scope.unitId);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  let label = scope.period;
  try {
    label = periodLabel(scope.period, lang).toLocaleLowerCase(lang);
  } catch {
    // a bad period stays as typed; the server answers with the field at fault
  }
  const submit = async (v: TForm) => {
    if (scope.unitId === null || scope.planId === null) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<TSessionDetail>("/sessions", {
        unitId: scope.unitId,
        planId: scope.planId,
        period: v.period,
        kind: v.kind,
        title: v.title,
        heldOn: v.heldOn,
        chair: v.chair || null,
        location: v.location || null,
        participants: lines(v.participants),
        bridgePoints: (v.bridgeUnitIds ?? []).map((id) => ({
          unitId: id,
          name: units.find((u) => u.id === id)?.name ?? String(id),
          host: null,
        })),
        agenda: lines(v.agenda),
      });
      navigate(`/review/sessions/${s.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t("review.new")} size="small" data-testid="session-form">
      {error ? <Alert type="error" title={error.text(lang)} style={{ marginBottom: 12 }} /> : null}
      <Form<TForm>
        layout="vertical"
        onFinish={submit}
        initialValues={{
          title: t("review.sessionTitleDefault", { period: label }),
          period: scope.period,
          heldOn: todayIso(),
          kind: scope.period.length === 4 ? "annual" : "interim",
        }}
      >
        <Form.Item name="title" label={t("review.sessionTitle")} rules={[{ required: true }]}>
          <Input data-testid="session-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="heldOn" label={t("review.heldOn")} rules={[{ required: true }]}>
            <Input type="date" data-testid="session-date" />
          </Form.Item>
          <Form.Item name="period" label={t("review.period")} rules={[{ required: true }]}>
            <Input style={{ width: 120 }} data-testid="session-period" />
          </Form.Item>
          <Form.Item name="kind" label={t("review.kind")}>
            <Select
              style={{ width: 150 }}
              options={(["interim", "annual", "thematic"] as const).map((k) => ({
                value: k,
                label: t(`review.kind.${k}`),
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="chair" label={t("review.chair")}>
          <Input data-testid="session-chair" />
        </Form.Item>
        <Form.Item name="location" label={t("review.location")}>
          <Input />
        </Form.Item>
        <Form.Item name="participants" label={t("review.participants")}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="bridgeUnitIds" label={t("review.bridgePoints")} extra={t("review.bridgeHelp")}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: "label" }}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            data-testid="session-bridges"
          />
        </Form.Item>
        <Form.Item name="agenda" label={t("review.agenda")}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="session-create">
            {t("review.create")}
          </Button>
          <Button onClick={props.onCancel}>{t("review.cancel")}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The sessions list page. */
export default function SessionsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const [creating, setCreating] = useState(false);
  const sessions = useApi<{ items: TSession[] }>("/sessions", { limit: 100 });
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("review.title")}
        </Typography.Title>
        <Space wrap>
          <Link to="/review/tasks">{t("menu.reviewTasks")}</Link>
          <Link to="/review/templates">{t("review.templates")}</Link>
          {!creating ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="session-new">
              {t("review.new")}
            </Button>
          ) : null}
        </Space>
      </Space>
      {creating ? <CreateSession onCancel={() => setCreating(false)} /> : null}
      {sessions.error ? <Alert type="error" title={sessions.error.text(lang)} /> : null}
      {sessions.loading && !sessions.data ? <Spin /> : null}
      {sessions.data && sessions.data.items.length === 0 ? <Empty description={t("review.none")} /> : null}
      <List
        style={{ display: sessions.data?.items.length ? undefined : "none" }}
        dataSource={sessions.data?.items ?? []}
        renderItem={(s) => (
          <List.Item>
            <Card
              size="small"
              style={{ width: "100%" }}
              title={
                <Link to={`/review/sessions/${s.id}`} data-testid={`session-${s.id}`}>
                  {s.title}
                </Link>
              }
              extra={<Tag color={s.snapshot ? "green" : "blue"}>{t(`review.status.${s.status}`)}</Tag>}
            >
              <Space orientation="vertical" size={2}>
                <span>
                  {viDate(s.heldOn)} · {s.periodLabel} · {s.unitName}
                </span>
                {s.snapshot ? (
                  <Typography.Text type="secondary">{s.snapshot.summaryText}</Typography.Text>
                ) : null}
                <span>{t("review.tasksDone", { done: s.tasksDone, total: s.taskCount })}</span>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}
