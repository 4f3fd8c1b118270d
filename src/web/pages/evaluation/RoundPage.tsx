/**
 * One round: its units with their status and appraiser, links to self-assessment, appraisal and
 * results; the secretariat ticks units to assign their appraiser.
 */
import { Alert, App, Button, Input, Space, Spin, Table, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { foldVietnamese } from "../../../core/text.ts";
import type { TParticipant, TRoundDetail } from "../../../server/evaluation/schemas.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { AssignAppraiserDialog } from "./AssignAppraiserDialog.tsx";
import { formatDeadline, PhaseTag, StatusTag } from "./shared.tsx";

/** Round detail page. */
export default function RoundPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const { id } = useParams();
  const round = useApi<TRoundDetail>(`/evaluation/rounds/${id}`);
  const { message } = App.useApp();
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);
  const r = round.data;
  const canAssign = can("index.manage") && r !== undefined && r.phase !== "published";
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
            {canAssign ? (
              <Button
                disabled={selected.length === 0}
                onClick={() => setAssigning(true)}
                data-testid="assign-button"
              >
                {t("eval.assign.button")}
                {selected.length > 0 ? ` (${selected.length})` : ""}
              </Button>
            ) : null}
          </Space>
          {canAssign && selected.length === 0 ? (
            <Typography.Text type="secondary">{t("eval.assign.hint")}</Typography.Text>
          ) : null}
          {assigning ? (
            <AssignAppraiserDialog
              roundId={r.id}
              unitIds={selected}
              onClose={() => setAssigning(false)}
              onDone={(x) => {
                setAssigning(false);
                setSelected([]);
                message.success(t(x.cleared ? "eval.assign.cleared" : "eval.assign.done", { n: x.updated }));
                round.reload();
              }}
            />
          ) : null}
          <Table<TParticipant>
            rowKey="unitId"
            size="small"
            dataSource={items}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            scroll={{ x: true }}
            rowSelection={
              canAssign
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys.map(Number)),
                    preserveSelectedRowKeys: true,
                  }
                : undefined
            }
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
                title: t("eval.appraiser"),
                dataIndex: "appraiserName",
                render: (v: string | null, p) =>
                  v ? (
                    <span data-testid={`appraiser-${p.unitId}`}>{v}</span>
                  ) : (
                    <Typography.Text type="secondary" data-testid={`appraiser-${p.unitId}`}>
                      {t("eval.assign.none")}
                    </Typography.Text>
                  ),
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
