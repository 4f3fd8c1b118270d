/** "What I owe": the forms a reporter's unit must fill in open rounds, with deadlines and states. */
import { Alert, Button, Card, Empty, List, Space, Spin, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { useNavigate } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import type { TOwed } from "../../../server/rounds/schemas.ts";
import type { TSubmissionViewBody } from "../../../server/submissions/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import { StateTag } from "./shared.tsx";

/** The reporter's list. */
export default function OwedPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const owed = useApi<{ items: TOwed[] }>("/rounds/owed");
  const [error, setError] = useState<string>();
  const open = async (o: TOwed) => {
    try {
      const v = await api.post<TSubmissionViewBody>("/submissions/open", {
        dataSetId: o.dataSetId,
        orgUnitId: o.orgUnitId,
        period: o.period,
        roundId: o.roundId,
      });
      navigate(`/collection/entry/${v.submission.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("col.owedTitle")}
      </Typography.Title>
      {owed.error ? <Alert type="error" message={owed.error.text(lang)} /> : null}
      {error ? <Alert type="error" message={error} /> : null}
      {owed.loading && !owed.data ? <Spin /> : null}
      {owed.data && owed.data.items.length === 0 ? <Empty description={t("col.noOwed")} /> : null}
      <List
        grid={{ gutter: 12, xs: 1, md: 2 }}
        dataSource={owed.data?.items ?? []}
        renderItem={(o) => (
          <List.Item>
            <Card
              size="small"
              title={o.formName}
              extra={<StateTag state={o.state} />}
              data-testid="owed-card"
            >
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                <Typography.Text strong>{o.orgUnitName}</Typography.Text>
                <span>
                  {o.roundName} · {periodLabel(o.period, lang)}
                </span>
                <span>
                  {t("col.deadline")}: {o.deadline.split("-").reverse().join("/")}{" "}
                  {o.overdue ? <Typography.Text type="danger">({t("col.overdue")})</Typography.Text> : null}
                </span>
                {o.state === "returned" && o.returnComment ? (
                  <Alert
                    type="warning"
                    showIcon
                    message={t("col.returnedBanner")}
                    description={o.returnComment}
                  />
                ) : null}
                <Button type="primary" block onClick={() => open(o)} data-testid="owed-open">
                  {o.state === "draft" || o.state === "returned" || o.state === "not_started"
                    ? t("col.open")
                    : t("col.view")}
                </Button>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}
