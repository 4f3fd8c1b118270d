/**
 * The evaluation rounds visible to the user, newest year first, with their progress and phase; the
 * secretariat opens a new round from here.
 */
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, List, Space, Spin, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { TRound } from "../../../server/evaluation/schemas.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { CreateRoundDialog } from "./CreateRoundDialog.tsx";
import { formatDeadline, PhaseTag } from "./shared.tsx";

/** List of evaluation rounds. */
export default function RoundsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const rounds = useApi<{ items: TRound[] }>("/evaluation/rounds");
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("eval.title")}
        </Typography.Title>
        <Space wrap>
          <Link to="/evaluation/frameworks">{t("eval.frameworks")}</Link>
          {can("index.manage") ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-round-button"
            >
              {t("eval.create.button")}
            </Button>
          ) : null}
        </Space>
      </Space>
      {creating ? (
        <CreateRoundDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            message.success(t("eval.create.created", { n: r.participants }));
            navigate(`/evaluation/rounds/${r.id}`);
          }}
        />
      ) : null}
      {rounds.error ? <Alert type="error" title={rounds.error.text(lang)} /> : null}
      {rounds.loading && !rounds.data ? <Spin /> : null}
      {rounds.data && rounds.data.items.length === 0 ? <Empty description={t("eval.noRounds")} /> : null}
      <List
        grid={{ gutter: 16, xs: 1, md: 2 }}
        dataSource={rounds.data?.items ?? []}
        renderItem={(r) => (
          <List.Item>
            <Card
              title={
                <Link to={`/evaluation/rounds/${r.id}`} data-testid={`round-${r.year}`}>
                  {r.name}
                </Link>
              }
              extra={<PhaseTag phase={r.phase} />}
              size="small"
            >
              <Space orientation="vertical" size={2}>
                <Typography.Text type="secondary">
                  {r.frameworkName} · {r.frameworkVersion}
                </Typography.Text>
                <span>
                  {t("eval.deadline")}: {formatDeadline(r.selfDeadline)}
                </span>
                <span>
                  {t("eval.progress", {
                    submitted: r.submitted,
                    total: r.participants,
                    appraised: r.appraised,
                  })}
                </span>
                <Space>
                  <Link to={`/evaluation/rounds/${r.id}`}>{t("eval.units")}</Link>
                  <Link to={`/evaluation/rounds/${r.id}/results`}>{t("eval.results")}</Link>
                </Space>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}
