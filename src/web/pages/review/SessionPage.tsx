/**
 * One review session: details, the frozen figures and report (freeze, downloads, printable view,
 * comparison with today), conclusions and the tasks assigned from them.
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { STATUS_LABELS, type TTargetStatus } from "../../../core/status.ts";
import type { TSessionDetail, TSnapshotDiff } from "../../../server/sessions/schemas.ts";
import type { TTask } from "../../../server/tasks/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { TaskStatus, type TUnitOption, useUnitOptions, viDate, viDateTime } from "./shared.tsx";

function ErrorLine(props: { error: ApiError | null }): ReactNode {
  const { lang } = useLang();
  return props.error ? (
    <Alert type="error" title={props.error.text(lang)} style={{ marginBottom: 8 }} />
  ) : null;
}

function SnapshotCard(props: { session: TSessionDetail; reload(): void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const s = props.session;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [diff, setDiff] = useState<TSnapshotDiff | null>(null);
  const freeze = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/sessions/${s.id}/snapshot`, {});
      props.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };
  const compare = async () => {
    try {
      setDiff(await api.get<TSnapshotDiff>(`/sessions/${s.id}/diff`));
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  const base = `/api/sessions/${s.id}/report`;
  const status = (code: string) => STATUS_LABELS[code as TTargetStatus]?.[lang] ?? code;
  return (
    <Card title={t("review.snapshot")} size="small" data-testid="snapshot-card">
      <ErrorLine error={error} />
      {s.snapshot ? (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Text data-testid="snapshot-summary">
            {t("review.frozenSummary", { text: s.snapshot.summaryText })}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t("review.frozenAt", { at: viDateTime(s.snapshot.takenAt), by: s.snapshot.takenBy })}
          </Typography.Text>
        </Space>
      ) : (
        <Alert type="info" title={t("review.notFrozen")} style={{ marginBottom: 8 }} />
      )}
      <Space wrap style={{ marginTop: 8 }}>
        {!s.snapshot ? (
          <Button type="primary" onClick={freeze} loading={busy} data-testid="freeze">
            {busy ? t("review.freezing") : t("review.freeze")}
          </Button>
        ) : null}
        <a href={`${base}/html`} target="_blank" rel="noreferrer" data-testid="print-view">
          {t("review.print")}
        </a>
        <a href={`${base}/docx`} data-testid="download-docx">
          {t("review.docx")}
        </a>
        <a href={`${base}/pdf`}>{t("review.pdf")}</a>
        <a href={`${base}/xlsx`}>{t("review.xlsx")}</a>
        {s.snapshot ? <a href={`/api/sessions/${s.id}/snapshot?download=1`}>{t("review.json")}</a> : null}
        {s.snapshot ? (
          <Button onClick={compare} data-testid="compare">
            {t("review.diff")}
          </Button>
        ) : null}
      </Space>
      {diff ? (
        <div style={{ marginTop: 12 }} data-testid="diff">
          {diff.unchanged ? (
            <Alert type="success" title={t("review.diffNone")} />
          ) : (
            <>
              <Alert
                type="warning"
                title={t("review.diffSummary", {
                  before: `${diff.summary.before.achieved}/${diff.summary.before.total} (${diff.summary.before.percent})`,
                  after: `${diff.summary.after.achieved}/${diff.summary.after.total} (${diff.summary.after.percent})`,
                })}
              />
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                scroll={{ x: true }}
                dataSource={diff.targets}
                columns={[
                  { title: t("review.target"), dataIndex: "name" },
                  {
                    title: t("review.before"),
                    render: (_v, r) => `${r.before.actual} · ${status(r.before.status)}`,
                  },
                  {
                    title: t("review.after"),
                    render: (_v, r) => `${r.after.actual} · ${status(r.after.status)}`,
                  },
                ]}
              />
            </>
          )}
        </div>
      ) : null}
    </Card>
  );
}

interface TTaskForm {
  title: string;
  responsibleUnitId: number;
  cooperatingUnitIds?: number[];
  deadline?: string;
  expectedResult?: string;
}

function AssignTask(props: {
  sessionId: number;
  conclusionId: number | null;
  defaultTitle: string;
  units: TUnitOption[];
  onDone(): void;
}): ReactNode {
  const t = useT();
  const [error, setError] = useState<ApiError | null>(null);
  const options = props.units.map((u) => ({ value: u.id, label: u.name }));
  const submit = async (v: TTaskForm) => {
    setError(null);
    try {
      await api.post(`/sessions/${props.sessionId}/tasks`, {
        conclusionId: props.conclusionId,
        title: v.title,
        responsibleUnitId: v.responsibleUnitId,
        cooperatingUnitIds: v.cooperatingUnitIds ?? [],
        deadline: v.deadline || null,
        expectedResult: v.expectedResult || null,
      });
      props.onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  return (
    <div data-testid="task-form" style={{ marginTop: 8 }}>
      <ErrorLine error={error} />
      <Form<TTaskForm> layout="vertical" onFinish={submit} initialValues={{ title: props.defaultTitle }}>
        <Form.Item name="title" label={t("review.taskTitle")} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="responsibleUnitId" label={t("review.responsible")} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={options} data-testid="task-unit" />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label={t("review.cooperating")}>
          <Select mode="multiple" showSearch={{ optionFilterProp: "label" }} options={options} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="deadline" label={t("review.deadline")}>
            <Input type="date" data-testid="task-deadline" />
          </Form.Item>
        </Space>
        <Form.Item name="expectedResult" label={t("review.expected")}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="task-create">
          {t("review.assign")}
        </Button>
      </Form>
    </div>
  );
}

function Conclusions(props: { session: TSessionDetail; units: TUnitOption[]; onChange(): void }): ReactNode {
  const t = useT();
  const s = props.session;
  const [text, setText] = useState("");
  const [assigning, setAssigning] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const add = async () => {
    setError(null);
    try {
      await api.post(`/sessions/${s.id}/conclusions`, { body: text });
      setText("");
      props.onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  return (
    <Card title={t("review.conclusions")} size="small" data-testid="conclusions">
      <ErrorLine error={error} />
      {s.conclusions.length === 0 ? <Empty description={t("review.noConclusions")} /> : null}
      <List
        style={{ display: s.conclusions.length ? undefined : "none" }}
        dataSource={s.conclusions}
        renderItem={(c, i) => (
          <List.Item style={{ display: "block" }}>
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {i + 1}. {c.body}
            </Typography.Paragraph>
            {assigning === c.id ? (
              <AssignTask
                sessionId={s.id}
                conclusionId={c.id}
                defaultTitle={c.body}
                units={props.units}
                onDone={() => {
                  setAssigning(null);
                  props.onChange();
                }}
              />
            ) : (
              <Button size="small" onClick={() => setAssigning(c.id)} data-testid={`assign-${i + 1}`}>
                {t("review.assign")}
              </Button>
            )}
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: "100%", marginTop: 8 }}>
        <Input.TextArea
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("review.conclusionText")}
          data-testid="conclusion-text"
        />
      </Space.Compact>
      <Button style={{ marginTop: 8 }} onClick={add} disabled={!text.trim()} data-testid="conclusion-add">
        {t("review.addConclusion")}
      </Button>
    </Card>
  );
}

/** The session page. */
export default function SessionPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const id = Number(useParams().id);
  const session = useApi<TSessionDetail>(`/sessions/${id}`);
  const tasks = useApi<{ items: TTask[] }>("/tasks", { sessionId: id, limit: 500 });
  const units = useUnitOptions(session.data?.unitId ?? null);
  const reload = () => {
    session.reload();
    tasks.reload();
  };
  if (session.error) return <Alert type="error" title={session.error.text(lang)} />;
  if (!session.data) return <Spin />;
  const s = session.data;
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Link to="/review">← {t("review.back")}</Link>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="session-heading">
        {s.title}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t("review.heldOn")}>{viDate(s.heldOn)}</Descriptions.Item>
        <Descriptions.Item label={t("review.period")}>{s.periodLabel}</Descriptions.Item>
        <Descriptions.Item label={t("review.chair")}>{s.chair ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("review.location")}>{s.location ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("review.bridgePoints")}>
          {s.bridgePoints.length
            ? s.bridgePoints.map((b) => <Tag key={`${b.unitId}-${b.name}`}>{b.name}</Tag>)
            : "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("review.participants")}>
          {s.participants.join("; ") || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("review.agenda")}>
          {s.agenda.length ? (
            <ol style={{ margin: 0, paddingLeft: 18 }}>
              {s.agenda.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ol>
          ) : (
            "—"
          )}
        </Descriptions.Item>
      </Descriptions>
      <SnapshotCard session={s} reload={reload} />
      <Conclusions session={s} units={units} onChange={reload} />
      <Card title={t("review.tasks")} size="small" data-testid="session-tasks">
        {tasks.data && tasks.data.items.length === 0 ? <Empty description={t("review.noTasks")} /> : null}
        <List
          style={{ display: tasks.data?.items.length ? undefined : "none" }}
          dataSource={tasks.data?.items ?? []}
          renderItem={(task) => (
            <List.Item>
              <Space orientation="vertical" size={2} style={{ width: "100%" }}>
                <Link to={`/review/tasks/${task.id}`}>{task.title}</Link>
                <Typography.Text type="secondary">
                  {task.responsibleUnitName} · {t("review.deadline")}: {viDate(task.deadline)}
                </Typography.Text>
                <TaskStatus task={task} />
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
