/**
 * The secretariat's editor of the report's sentence templates: each sentence with the placeholders it
 * may use; the server refuses an unknown placeholder and says which ones are allowed.
 */
import { Alert, Button, Card, Input, List, Space, Spin, Tag, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import type { TReportTemplate } from "../../../server/reports/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";

function TemplateItem(props: { template: TReportTemplate; provinceId: number; onSaved(): void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const tpl = props.template;
  const [text, setText] = useState(tpl.body);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (body: string | null) => {
    setError(null);
    setSaved(false);
    try {
      const r = await api.put<{ items: TReportTemplate[] }>(`/reports/templates/${tpl.key}`, {
        provinceId: props.provinceId,
        body,
      });
      setText(r.items.find((x) => x.key === tpl.key)?.body ?? text);
      setSaved(true);
      props.onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  return (
    <Card
      size="small"
      style={{ width: "100%" }}
      title={lang === "vi" ? tpl.description : tpl.descriptionEn}
      extra={tpl.edited ? <Tag color="blue">{t("review.tplEdited")}</Tag> : null}
      data-testid={`tpl-${tpl.key}`}
    >
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Space wrap size={4}>
          {tpl.placeholders.map((p) => (
            <Tag key={p}>{`{${p}}`}</Tag>
          ))}
        </Space>
        <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        {error ? <Alert type="error" title={error.text(lang)} /> : null}
        {saved ? <Alert type="success" title={t("review.saved")} /> : null}
        <Space>
          <Button type="primary" onClick={() => save(text)} disabled={text === tpl.body}>
            {t("review.tplSave")}
          </Button>
          {tpl.edited ? <Button onClick={() => save(null)}>{t("review.tplReset")}</Button> : null}
        </Space>
      </Space>
    </Card>
  );
}

/** The templates page (for the province selected in the header). */
export default function TemplatesPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { unitId } = useScope();
  // Templates belong to a province: the selected unit's province (or the unit itself).
  const unit = useApi<{ id: number; kind: string; ancestors?: Array<{ id: number; kind: string }> }>(
    unitId === null ? null : `/units/${unitId}`,
  );
  const provinceId =
    unit.data?.kind === "province"
      ? unit.data.id
      : (unit.data?.ancestors?.find((a) => a.kind === "province")?.id ?? null);
  const list = useApi<{ items: TReportTemplate[] }>(provinceId === null ? null : "/reports/templates", {
    provinceId: provinceId ?? undefined,
  });
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Link to="/review">← {t("review.back")}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("review.templates")}
      </Typography.Title>
      <Typography.Text type="secondary">{t("review.tplHelp")}</Typography.Text>
      {list.error ? <Alert type="error" title={list.error.text(lang)} /> : null}
      {list.loading && !list.data ? <Spin /> : null}
      <List
        dataSource={list.data?.items ?? []}
        renderItem={(tpl) => (
          <List.Item>
            <TemplateItem template={tpl} provinceId={provinceId ?? 0} onSaved={list.reload} />
          </List.Item>
        )}
      />
    </Space>
  );
}
