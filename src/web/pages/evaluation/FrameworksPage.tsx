/**
 * Frameworks as data: the stored framework versions with their legal basis and status, creation from a
 * shipped template, activation (the server enforces that points add up), the tree of one framework with
 * its consistency issues, and a composite calculator (published index values → DTI, e.g. Đà Nẵng 0,8002).
 */
import { Alert, App, Button, Card, Drawer, Input, Select, Space, Table, Tag, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import type { TFrameworkNode } from "../../../core/evaluation/index.ts";
import type { TFrameworkDetail, TFrameworkSummary, TTemplate } from "../../../server/evaluation/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useAuth } from "../../auth.tsx";
import { DecimalInput } from "../../components/DecimalInput.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";

interface TTreeRow {
  key: string;
  code: string;
  name: string;
  maxPoints: number;
  type: string;
  requirement: string;
  children?: TTreeRow[];
}

function toRows(nodes: readonly TFrameworkNode[], lang: "vi" | "en"): TTreeRow[] {
  return nodes.map((n) => ({
    key: n.code,
    code: n.code,
    name: lang === "en" ? n.nameEn : n.nameVi,
    maxPoints: n.maxPoints,
    type: n.kind === "criterion" ? n.scoring.type : "",
    requirement: n.requirement ?? "",
    ...(n.kind === "index" && n.children.length > 0 ? { children: toRows(n.children, lang) } : {}),
  }));
}

const errorOf = (e: unknown): ApiError => ApiError.from(e);

/** One framework: tree, issues, composite calculator. */
function FrameworkDrawer(props: { id: number; onClose: () => void; onChanged: () => void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const detail = useApi<TFrameworkDetail>(`/evaluation/frameworks/${props.id}`);
  const [values, setValues] = useState<Record<string, number | null>>({});
  const [composite, setComposite] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const f = detail.data;
  const activate = async () => {
    setError(null);
    try {
      await api.post(`/evaluation/frameworks/${props.id}/activate`);
      message.success(t("eval.fw.activated"));
      detail.reload();
      props.onChanged();
    } catch (e) {
      setError(errorOf(e));
    }
  };
  const compute = async () => {
    setError(null);
    try {
      const r = await api.post<{ publishedText: string }>(`/evaluation/frameworks/${props.id}/composite`, {
        values,
      });
      setComposite(r.publishedText);
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return (
    <Drawer
      open
      width={Math.min(900, typeof window === "undefined" ? 900 : window.innerWidth)}
      onClose={props.onClose}
      title={f ? `${f.name} · ${f.version}` : ""}
    >
      {!f ? null : (
        <Space orientation="vertical" style={{ width: "100%" }} size="middle">
          <Space wrap>
            <Tag color={f.status === "active" ? "green" : f.status === "draft" ? "gold" : "default"}>
              {t(`eval.fw.status.${f.status}`)}
            </Tag>
            <Typography.Text type="secondary">{f.legalBasis}</Typography.Text>
            <Typography.Text type="secondary">{t("eval.fw.criteria", { n: f.criteria })}</Typography.Text>
            {f.status === "draft" && can("index.manage") ? (
              <Button type="primary" onClick={activate} data-testid="activate">
                {t("eval.fw.activate")}
              </Button>
            ) : null}
          </Space>
          {error ? <Alert type="error" showIcon title={error.text(lang)} /> : null}
          {f.issues.length > 0 ? (
            <Alert
              type={f.issues.some((i) => i.severity === "error") ? "error" : "warning"}
              title={t("eval.fw.issues", { n: f.issues.length })}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {f.issues.slice(0, 8).map((i) => (
                    <li key={`${i.code}-${i.nodeCode}`}>
                      {i.nodeCode}: {i.message}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Table<TTreeRow>
            size="small"
            pagination={false}
            dataSource={toRows(f.definition.children, lang)}
            expandable={{ defaultExpandAllRows: false }}
            scroll={{ x: true }}
            columns={[
              { title: t("eval.fw.code"), dataIndex: "code", width: 90 },
              { title: t("eval.criterion"), dataIndex: "name" },
              { title: t("eval.fw.max"), dataIndex: "maxPoints", width: 80 },
              { title: t("eval.fw.type"), dataIndex: "type", width: 130 },
            ]}
          />
          <Card size="small" title={t("eval.fw.composite")}>
            <Space wrap>
              {f.definition.children.map((c) => (
                <Space key={c.code} orientation="vertical" size={0}>
                  <Typography.Text style={{ fontSize: 12 }}>
                    {c.code}. {lang === "en" ? c.nameEn : c.nameVi} ({c.maxPoints})
                  </Typography.Text>
                  <DecimalInput
                    min={0}
                    max={1}
                    step={0.0001}
                    aria-label={c.code}
                    value={values[c.code] ?? null}
                    onChange={(v) =>
                      setValues((prev) => ({ ...prev, [c.code]: v === null ? null : Number(v) }))
                    }
                  />
                </Space>
              ))}
            </Space>
            <div style={{ marginTop: 12 }}>
              <Button onClick={compute}>{t("eval.fw.compute")}</Button>{" "}
              {composite ? (
                <Typography.Text strong style={{ fontSize: 20 }} data-testid="composite">
                  {composite}
                </Typography.Text>
              ) : null}
            </div>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

/** Frameworks page. */
export default function FrameworksPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const scope = useScope();
  const list = useApi<{ items: TFrameworkSummary[] }>("/evaluation/frameworks");
  const templates = useApi<{ items: TTemplate[] }>("/evaluation/templates");
  const [templateId, setTemplateId] = useState<string | undefined>(undefined);
  const [local, setLocal] = useState({
    code: "",
    version: String(new Date().getFullYear()),
    number: "",
    issuer: "",
    date: "",
  });
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const isLocal = templateId?.startsWith("local-") ?? false;
  // The framework belongs to the unit chosen in the header (the province for a provincial index).
  const ownerUnitId = scope.unitId;

  const create = async () => {
    setError(null);
    try {
      const body = {
        ownerUnitId,
        templateId,
        ...(isLocal
          ? {
              code: local.code,
              version: local.version,
              legalBasis: { number: local.number, issuer: local.issuer, date: local.date },
            }
          : {}),
      };
      const r = await api.post<TFrameworkDetail>("/evaluation/frameworks", body);
      message.success(t("eval.saved"));
      list.reload();
      setOpen(r.id);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Link to="/evaluation">← {t("eval.rounds")}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("eval.fw.title")}
      </Typography.Title>
      {can("index.manage") ? (
        <Card size="small" title={t("eval.fw.create")}>
          <Space wrap>
            <div data-testid="template-select">
              <Select
                style={{ minWidth: 280 }}
                placeholder={t("eval.fw.template")}
                value={templateId}
                onChange={setTemplateId}
                options={(templates.data?.items ?? []).map((x) => ({
                  value: x.id,
                  label: `${lang === "en" ? x.nameEn : x.nameVi}${x.legalBasis ? ` — ${x.legalBasis}` : ""}`,
                }))}
              />
            </div>
            {isLocal ? (
              <>
                <Input
                  placeholder={t("eval.fw.code")}
                  value={local.code}
                  onChange={(e) => setLocal({ ...local, code: e.target.value })}
                  style={{ width: 140 }}
                />
                <Input
                  placeholder={t("eval.fw.version")}
                  value={local.version}
                  onChange={(e) => setLocal({ ...local, version: e.target.value })}
                  style={{ width: 90 }}
                />
                <Input
                  placeholder={t("eval.fw.legalNumber")}
                  value={local.number}
                  onChange={(e) => setLocal({ ...local, number: e.target.value })}
                  style={{ width: 150 }}
                />
                <Input
                  placeholder={t("eval.fw.issuer")}
                  value={local.issuer}
                  onChange={(e) => setLocal({ ...local, issuer: e.target.value })}
                  style={{ width: 180 }}
                />
                <Input
                  placeholder="YYYY-MM-DD"
                  value={local.date}
                  onChange={(e) => setLocal({ ...local, date: e.target.value })}
                  style={{ width: 120 }}
                />
              </>
            ) : null}
            <Button type="primary" disabled={!templateId || ownerUnitId === null} onClick={create}>
              {t("eval.fw.createButton")}
            </Button>
          </Space>
          {error ? <Alert style={{ marginTop: 8 }} type="error" showIcon title={error.text(lang)} /> : null}
        </Card>
      ) : null}
      <Table<TFrameworkSummary>
        rowKey="id"
        size="small"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={false}
        scroll={{ x: true }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: "pointer" } })}
        columns={[
          { title: t("eval.fw.code"), dataIndex: "code" },
          { title: t("eval.fw.version"), dataIndex: "version" },
          { title: t("eval.framework"), dataIndex: "name" },
          { title: t("eval.fw.legalBasis"), dataIndex: "legalBasis" },
          {
            title: t("eval.status"),
            dataIndex: "status",
            render: (s: string) => (
              <Tag color={s === "active" ? "green" : s === "draft" ? "gold" : "default"}>
                {t(`eval.fw.status.${s}`)}
              </Tag>
            ),
          },
        ]}
      />
      {open !== null ? (
        <FrameworkDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      ) : null}
    </Space>
  );
}
