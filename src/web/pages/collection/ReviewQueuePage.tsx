/** The reviewer's queue: submitted reports in scope, oldest first. */
import { Alert, Empty, List, Segmented, Space, Spin, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import type { TSubmissionBody } from "../../../server/submissions/schemas.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { StateTag } from "./shared.tsx";

/** Queue of reports to review (and the other states, for follow-up). */
export default function ReviewQueuePage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const [state, setState] = useState("submitted");
  const list = useApi<{ items: TSubmissionBody[] }>("/submissions", { state });
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("col.reviewTitle")}
      </Typography.Title>
      <Segmented
        value={state}
        onChange={(v) => setState(String(v))}
        options={["submitted", "returned", "approved", "locked"].map((s) => ({
          value: s,
          label: t(`col.state.${s}`),
        }))}
      />
      {list.error ? <Alert type="error" message={list.error.text(lang)} /> : null}
      {list.loading && !list.data ? <Spin /> : null}
      {list.data && list.data.items.length === 0 ? <Empty description={t("col.noReview")} /> : null}
      <List
        bordered
        dataSource={list.data?.items ?? []}
        renderItem={(s) => (
          <List.Item actions={[<StateTag key="s" state={s.state} />]} data-testid="review-item">
            <List.Item.Meta
              title={<Link to={`/collection/entry/${s.id}`}>{s.orgUnitName}</Link>}
              description={`${s.formName} · ${periodLabel(s.period, lang)}${s.submittedAt ? ` · ${t("col.submittedAt")} ${new Date(s.submittedAt).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB")}` : ""}`}
            />
          </List.Item>
        )}
      />
    </Space>
  );
}
