/** Tasks assigned by review sessions that the user follows: all, overdue, or due within a week. */
import { Alert, Button, Empty, List, Segmented, Space, Spin, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import type { TTask } from "../../../server/tasks/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { TaskStatus, viDate } from "./shared.tsx";

type TFilter = "all" | "overdue" | "soon";

/** The tasks page. */
export default function TasksPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { me } = useAuth();
  const scope = useScope();
  const [filter, setFilter] = useState<TFilter>("all");
  const [note, setNote] = useState<string | null>(null);
  const query =
    filter === "overdue" ? { overdue: "true" } : filter === "soon" ? { dueWithinDays: 7 } : { limit: 500 };
  const tasks = useApi<{ items: TTask[]; total: number }>("/tasks", query);
  const canRemind = (me?.roles ?? []).some((r) => r.role === "secretariat" || r.role === "admin");
  const remind = async () => {
    if (scope.unitId === null) return;
    try {
      const r = await api.post<{ created: number }>("/tasks/reminders", {
        provinceId: scope.unitId,
        withinDays: 7,
      });
      setNote(t("review.reminded", { n: r.created }));
    } catch (e) {
      setNote(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("review.tasksTitle")}
      </Typography.Title>
      <Space wrap>
        <Segmented<TFilter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: "all", label: t("review.filter.all") },
            { value: "overdue", label: t("review.filter.overdue") },
            { value: "soon", label: t("review.filter.soon") },
          ]}
          data-testid="task-filter"
        />
        {canRemind ? <Button onClick={remind}>{t("review.remind")}</Button> : null}
      </Space>
      {note ? <Alert type="info" title={note} /> : null}
      {tasks.error ? <Alert type="error" title={tasks.error.text(lang)} /> : null}
      {tasks.loading && !tasks.data ? <Spin /> : null}
      {tasks.data && tasks.data.items.length === 0 ? <Empty description={t("review.noTasks")} /> : null}
      <List
        style={{ display: tasks.data?.items.length ? undefined : "none" }}
        dataSource={tasks.data?.items ?? []}
        renderItem={(task) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: "100%" }}>
              <Link to={`/review/tasks/${task.id}`} data-testid={`task-${task.id}`}>
                {task.title}
              </Link>
              <Typography.Text type="secondary">
                {task.responsibleUnitName} · {t("review.deadline")}: {viDate(task.deadline)} ·{" "}
                {task.sessionTitle}
              </Typography.Text>
              <TaskStatus task={task} />
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
