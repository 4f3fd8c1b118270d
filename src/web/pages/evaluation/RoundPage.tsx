/** One round: its units with their status, links to self-assessment, appraisal and results. */
import { Alert, Button, Input, Space, Spin, Table, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { foldVietnamese } from "../../../core/text.ts";
import type { TParticipant, TRoundDetail } from "../../../server/evaluation/schemas.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { formatDeadline, PhaseTag, StatusTag } from "./shared.tsx";

/** Round detail page. */
export default function RoundPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const { id } = useParams();
  const round = useApi<TRoundDetail>(`/evaluation/rounds/${id}`);
  const [q, setQ] = useState("");
  const r = round.data;
  const items = (r?.items ?? []).filter((p) => !q || foldVietnamese(p.unitName).includes(foldVietnamese(q)));
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Link to="/evaluation">← {t("eval.rounds")}</Link>
      {round.error ? <Alert type="error" title={round.error.text(lang)} /> : null}
      {!r ? (
        <Spin />
      ) : (
        <>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {r.name} <PhaseTag phase={r.phase} />
          </Typography.Title>
          <Typography.Text type="secondary">
            {t("eval.deadline")}: {formatDeadline(r.selfDeadline)} ·{" "}
            {t("eval.progress", { submitted: r.submitted, total: r.participants, appraised: r.appraised })}
          </Typography.Text>
          <Space wrap>
            <Link to={`/evaluation/rounds/${r.id}/results`}>
              <Button type="primary">{t("eval.results")}</Button>
            </Link>
            <Input.Search
              allowClear
              placeholder={t("header.unitSearch")}
              onChange={(e) => setQ(e.target.value)}
              style={{ width: 240 }}
            />
          </Space>
          <Table<TParticipant>
            rowKey="unitId"
            size="small"
            dataSource={items}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            scroll={{ x: true }}
            columns={[
              {
                title: t("eval.unit"),
                dataIndex: "unitName",
                render: (v: string, p) => (
                  <Link to={`/evaluation/rounds/${r.id}/units/${p.unitId}`}>{v}</Link>
                ),
              },
              {
                title: t("eval.status"),
                dataIndex: "status",
                render: (s: string) => <StatusTag status={s} />,
              },
              {
                title: "",
                key: "actions",
                render: (_: unknown, p) => (
                  <Space>
                    <Link to={`/evaluation/rounds/${r.id}/units/${p.unitId}`}>{t("eval.selfAssess")}</Link>
                    {can("index.appraise") && r.phase !== "published" ? (
                      <Link to={`/evaluation/rounds/${r.id}/appraise/${p.unitId}`}>{t("eval.appraise")}</Link>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
