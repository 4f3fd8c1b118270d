/** One task: what, who, by when, its progress reports with evidence, and the form to report progress. */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Spin,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { TTask } from "../../../server/tasks/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { TaskStatus, viDate, viDateTime } from "./shared.tsx";

interface TProgress {
  id: number;
  unitName: string;
  reportedAt: string;
  reportedBy: string;
  note: string;
  percent: number | null;
  statusAfter: string;
  evidenceUrl: string | null;
  evidenceText: string | null;
}

interface TForm {
  unitId: number;
  note: string;
  status: "open" | "in_progress" | "done";
  percent?: number | null;
  evidenceUrl?: string;
  evidenceText?: string;
}

/** The task page. */
export default function TaskPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const id = Number(useParams().id);
  const task = useApi<TTask & { progress: TProgress[] }>(`/tasks/${id}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [form] = Form.useForm<TForm>();
  if (task.error) return <Alert type="error" title={task.error.text(lang)} />;
  if (!task.data) return <Spin />;
  const d = task.data;
  const units = [{ id: d.responsibleUnitId, name: d.responsibleUnitName }, ...d.cooperatingUnits];
  const submit = async (v: TForm) => {
    setError(null);
    setSaved(false);
    try {
      await api.post(`/tasks/${d.id}/progress`, {
        unitId: v.unitId,
        note: v.note,
        status: v.status,
        percent: v.percent ?? null,
        evidenceUrl: v.evidenceUrl || null,
        evidenceText: v.evidenceText || null,
        version: d.version,
      });
      form.resetFields(["note", "evidenceUrl", "evidenceText"]);
      setSaved(true);
      task.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  const closed = d.status === "cancelled";
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Link to="/review/tasks">← {t("review.tasksTitle")}</Link>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-heading">
        {d.title}
      </Typography.Title>
      <TaskStatus task={d} />
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t("review.responsible")}>{d.responsibleUnitName}</Descriptions.Item>
        <Descriptions.Item label={t("review.cooperating")}>
          {d.cooperatingUnits.map((u) => u.name).join("; ") || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("review.deadline")}>{viDate(d.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t("review.progress")}>{d.progressPercent}%</Descriptions.Item>
        <Descriptions.Item label={t("review.expected")}>{d.expectedResult ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("review.session")}>
          <Link to={`/review/sessions/${d.sessionId}`}>{d.sessionTitle}</Link>
        </Descriptions.Item>
      </Descriptions>
      <Card title={t("review.history")} size="small">
        {d.progress.length === 0 ? <Empty description={t("review.noProgress")} /> : null}
        <List
          dataSource={d.progress}
          renderItem={(p) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>
                  {viDateTime(p.reportedAt)} · {p.unitName} · {t(`review.task.${p.statusAfter}`)}
                  {p.percent !== null ? ` · ${p.percent}%` : ""}
                </Typography.Text>
                <span>{p.note}</span>
                {p.evidenceUrl ? (
                  <a href={p.evidenceUrl} target="_blank" rel="noreferrer noopener">
                    {p.evidenceUrl}
                  </a>
                ) : null}
                {p.evidenceText ? <Typography.Text type="secondary">{p.evidenceText}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {!closed ? (
        <Card title={t("review.report")} size="small" data-testid="progress-form">
          {error ? <Alert type="error" title={error.text(lang)} style={{ marginBottom: 8 }} /> : null}
          {saved ? <Alert type="success" title={t("review.saved")} style={{ marginBottom: 8 }} /> : null}
          <Form<TForm>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{
              unitId: d.responsibleUnitId,
              status: d.status === "open" ? "in_progress" : d.status,
            }}
          >
            <Form.Item name="unitId" label={t("review.reportFor")}>
              <Select options={units.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
            <Form.Item name="note" label={t("review.note")} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="progress-note" />
            </Form.Item>
            <Space wrap>
              <Form.Item name="status" label={t("review.newStatus")}>
                <Select
                  style={{ width: 180 }}
                  data-testid="progress-status"
                  options={(["open", "in_progress", "done"] as const).map((s) => ({
                    value: s,
                    label: t(`review.task.${s}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="percent" label={t("review.percent")}>
                <InputNumber min={0} max={100} />
              </Form.Item>
            </Space>
            <Form.Item name="evidenceUrl" label={t("review.evidenceUrl")}>
              <Input type="url" placeholder="https://" data-testid="progress-url" />
            </Form.Item>
            <Form.Item name="evidenceText" label={t("review.evidenceText")}>
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="progress-send">
              {t("review.send")}
            </Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}
