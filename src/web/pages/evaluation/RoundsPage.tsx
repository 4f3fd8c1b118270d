/** The evaluation rounds visible to the user, newest year first, with their progress and phase. */
import { Alert, Card, Empty, List, Space, Spin, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { TRound } from "../../../server/evaluation/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { formatDeadline, PhaseTag } from "./shared.tsx";

/** List of evaluation rounds. */
export default function RoundsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const rounds = useApi<{ items: TRound[] }>("/evaluation/rounds");
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("eval.title")}
        </Typography.Title>
        <Link to="/evaluation/frameworks">{t("eval.frameworks")}</Link>
      </Space>
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
