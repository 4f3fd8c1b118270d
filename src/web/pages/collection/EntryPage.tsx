/**
 * The entry and review page of one submission. Reporters fill figures section by section (ratios as
 * "numerator / denominator"), comments, narrative and evidence; every edit is kept in IndexedDB at once
 * and autosaved to the server (debounced) with the version read, so a lost connection loses nothing and
 * a concurrent change is shown instead of overwritten. Reviewers return with a comment or approve; the
 * secretariat locks and reopens.
 */
import {
  CloudOutlined,
  DisconnectOutlined,
  DownloadOutlined,
  PaperClipOutlined,
  UploadOutlined,
} from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Empty,
  Input,
  List,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useParams } from "react-router-dom";
import { periodLabel } from "../../../core/period.ts";
import { formatNumber, formatPercent } from "../../../core/vn-number.ts";
import type {
  TFieldBody,
  TImportResult,
  TIssueBody,
  TStoredValueBody,
  TSubmissionViewBody,
} from "../../../server/submissions/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { DecimalInput } from "../../components/DecimalInput.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { readLocalDraft, StateTag, type TLocalDraft, uploadRaw, writeLocalDraft } from "./shared.tsx";

type TEdit = TLocalDraft["values"][string];
type TSaveState = "saved" | "saving" | "unsaved" | "offline" | "error";
const SECTIONS = ["results", "shortcomings", "causes", "proposals"] as const;
const AUTOSAVE_MS = 1200;

const draftHasEdits = (d: TLocalDraft) =>
  Object.keys(d.values).length > 0 || Object.keys(d.narrative).length > 0;

const num = (s: string | null | undefined): number | null =>
  s === null || s === undefined ? null : Number(s);

function fromStored(v: TStoredValueBody | undefined): TEdit {
  return {
    numerator: num(v?.numerator),
    denominator: num(v?.denominator),
    value: num(v?.value),
    comment: v?.comment ?? null,
  };
}

/** One field: label, inputs by kind, comment, and its errors. */
function FieldRow(props: {
  field: TFieldBody;
  value: TEdit;
  readOnly: boolean;
  issues: TIssueBody[];
  onChange(patch: TEdit): void;
}): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { field: f, value: v, readOnly } = props;
  const name = lang === "vi" ? f.name : f.nameEn || f.name;
  const numberInput = (key: "numerator" | "denominator" | "value", placeholder: string) => (
    <DecimalInput
      data-testid={`f-${f.code}-${key}`}
      aria-label={`${name} — ${placeholder}`}
      placeholder={placeholder}
      value={v[key] ?? null}
      disabled={readOnly}
      style={{ width: "100%" }}
      onChange={(x) => props.onChange({ [key]: x === null || x === undefined ? null : Number(x) })}
    />
  );
  // Shown as the seeds write it: "1.761 / 1.966 thủ tục (89,6%)".
  const ratioText =
    f.kind === "ratio" && v.numerator !== null && v.numerator !== undefined && v.denominator
      ? `${formatNumber(v.numerator, { locale: lang })} / ${formatNumber(v.denominator, { locale: lang })}${f.denominatorLabel ? ` ${f.denominatorLabel}` : ""} (${formatPercent({ numerator: v.numerator, denominator: v.denominator }, { locale: lang })})`
      : null;
  return (
    <div style={{ padding: "10px 0", borderBottom: "1px solid #f0f0f0" }} data-testid={`field-${f.code}`}>
      <div style={{ marginBottom: 6 }}>
        <Typography.Text strong>{name}</Typography.Text>{" "}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {f.code}
          {f.unit ? ` · ${f.unit}` : ""}
        </Typography.Text>
        {f.required ? (
          <Tag color="red" style={{ marginLeft: 6 }}>
            {t("col.required")}
          </Tag>
        ) : null}
      </div>
      {f.kind === "ratio" ? (
        <Space.Compact style={{ width: "100%" }}>
          {numberInput("numerator", f.numeratorLabel || t("col.numerator"))}
          <span style={{ padding: "4px 8px" }}>/</span>
          {numberInput("denominator", f.denominatorLabel || t("col.denominator"))}
        </Space.Compact>
      ) : f.kind === "boolean" ? (
        <Select
          data-testid={`f-${f.code}-value`}
          style={{ width: "100%" }}
          disabled={readOnly}
          allowClear
          value={v.value ?? undefined}
          onChange={(x) => props.onChange({ value: x ?? null })}
          options={[
            { value: 1, label: t("col.yes") },
            { value: 0, label: t("col.no") },
          ]}
        />
      ) : (
        numberInput("value", t("col.value"))
      )}
      {ratioText ? (
        <Typography.Text type="secondary" data-testid={`ratio-${f.code}`}>
          {ratioText}
        </Typography.Text>
      ) : null}
      <Input
        size="small"
        style={{ marginTop: 6 }}
        placeholder={t("col.comment")}
        disabled={readOnly}
        value={v.comment ?? ""}
        onChange={(e) => props.onChange({ comment: e.target.value || null })}
      />
      {props.issues.map((i) => (
        <Typography.Text
          key={i.code + i.message}
          type={i.severity === "error" ? "danger" : "warning"}
          style={{ display: "block" }}
        >
          {lang === "vi" ? i.message : i.messageEn}
        </Typography.Text>
      ))}
    </div>
  );
}

/** Entry and review page. */
export default function EntryPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message, modal } = App.useApp();
  const id = Number(useParams().id);
  const [view, setView] = useState<TSubmissionViewBody>();
  const [loadError, setLoadError] = useState<string>();
  const [values, setValues] = useState<Record<number, TEdit>>({});
  const [narrative, setNarrative] = useState<Record<string, string>>({});
  const [saveState, setSaveState] = useState<TSaveState>("saved");
  const [issues, setIssues] = useState<TIssueBody[]>([]);
  const [rowErrors, setRowErrors] = useState<TImportResult["errors"] | null>(null);
  // Unsent edits and the version they apply to live in refs so timers and events always see the latest.
  const pending = useRef<TLocalDraft>({ values: {}, narrative: {}, savedAt: "" });
  const version = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const excelInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const v = await api.get<TSubmissionViewBody>(`/submissions/${id}`);
      const local = await readLocalDraft(id);
      if (local) pending.current = local;
      const vals: Record<number, TEdit> = {};
      for (const f of v.fields)
        vals[f.indicatorId] = fromStored(v.values.find((x) => x.indicatorId === f.indicatorId));
      for (const [k, e] of Object.entries(pending.current.values))
        vals[Number(k)] = { ...vals[Number(k)], ...e };
      const narr: Record<string, string> = {};
      for (const n of v.narrative) narr[n.section] = n.body;
      Object.assign(narr, pending.current.narrative);
      version.current = v.submission.version;
      setView(v);
      setValues(vals);
      setNarrative(narr);
      setIssues(v.submission.warnings);
      setLoadError(undefined);
      return v;
    } catch (e) {
      setLoadError(e instanceof ApiError ? e.text(lang) : String(e));
      return undefined;
    }
  }, [id, lang]);

  const hasPending = () => draftHasEdits(pending.current);

  const save = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    if (!draftHasEdits(pending.current)) return true;
    if (inFlight.current) {
      timer.current = setTimeout(() => void save(), 300);
      return false;
    }
    if (typeof navigator !== "undefined" && navigator.onLine === false) {
      setSaveState("offline");
      return false;
    }
    inFlight.current = true;
    setSaveState("saving");
    const sent = pending.current;
    pending.current = { values: {}, narrative: {}, savedAt: sent.savedAt };
    try {
      const r = await api.put<{ version: number; warnings: TIssueBody[] }>(`/submissions/${id}/values`, {
        version: version.current,
        values: Object.entries(sent.values).map(([k, e]) => ({ indicatorId: Number(k), ...e })),
        narrative: sent.narrative,
      });
      version.current = r.version;
      setIssues(r.warnings);
      await writeLocalDraft(id, pending.current);
      setSaveState(draftHasEdits(pending.current) ? "unsaved" : "saved");
      setView((v) => (v ? { ...v, submission: { ...v.submission, version: r.version } } : v));
      return true;
    } catch (e) {
      // Put the unsent edits back under anything typed meanwhile.
      pending.current = {
        values: { ...sent.values, ...pending.current.values },
        narrative: { ...sent.narrative, ...pending.current.narrative },
        savedAt: sent.savedAt,
      };
      await writeLocalDraft(id, pending.current);
      if (e instanceof ApiError && e.status === 0) {
        setSaveState("offline");
      } else if (e instanceof ApiError && e.body.code === "stale") {
        setSaveState("error");
        const d = e.body.details as { currentVersion: number; theirs: TStoredValueBody[] };
        modal.confirm({
          title: t("col.conflictTitle"),
          content: (
            <div>
              <p>{e.text(lang)}</p>
              <ul>
                {d.theirs.map((x) => (
                  <li key={x.indicatorId}>
                    {view?.fields.find((f) => f.indicatorId === x.indicatorId)?.code}:{" "}
                    {x.numerator !== null
                      ? `${formatNumber(x.numerator, { locale: lang })} / ${formatNumber(x.denominator, { locale: lang })}`
                      : formatNumber(x.value, { locale: lang })}
                  </li>
                ))}
              </ul>
            </div>
          ),
          okText: t("col.conflictMine"),
          cancelText: t("col.conflictTheirs"),
          onOk: () => {
            version.current = d.currentVersion;
            void save();
          },
          onCancel: async () => {
            pending.current = { values: {}, narrative: {}, savedAt: "" };
            await writeLocalDraft(id, pending.current);
            await load();
            setSaveState("saved");
          },
        });
      } else if (e instanceof ApiError) {
        setSaveState("error");
        const det = e.body.details as { errors?: TIssueBody[] } | undefined;
        setIssues(
          det?.errors ?? [
            {
              field: e.body.field ?? "",
              severity: "error",
              code: e.body.code,
              message: e.body.message,
              messageEn: e.body.messageEn,
            },
          ],
        );
      } else throw e;
      return false;
    } finally {
      inFlight.current = false;
    }
  }, [id, lang, load, modal, t, view]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: load (and resend local edits) once per submission
  useEffect(() => {
    void load().then(() => {
      if (hasPending()) {
        setSaveState("unsaved");
        void save();
      }
    });
  }, [id]);

  useEffect(() => {
    const online = () => void save();
    const offline = () =>
      setSaveState((s) => (draftHasEdits(pending.current) || s === "saving" ? "offline" : s));
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    // The online event is not guaranteed everywhere (captive portals, flaky radio): retry unsent edits too.
    const retry = setInterval(() => {
      if (draftHasEdits(pending.current) && !inFlight.current) void save();
    }, 5000);
    return () => {
      clearInterval(retry);
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
    };
  }, [save]);

  const schedule = () => {
    pending.current.savedAt = new Date().toISOString();
    void writeLocalDraft(id, pending.current);
    setSaveState(typeof navigator !== "undefined" && navigator.onLine === false ? "offline" : "unsaved");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
  };
  const editValue = (indicatorId: number, patch: TEdit) => {
    setValues((vs) => {
      const next = { ...vs[indicatorId], ...patch };
      pending.current.values[indicatorId] = next;
      return { ...vs, [indicatorId]: next };
    });
    pending.current.values[indicatorId] = {
      ...values[indicatorId],
      ...pending.current.values[indicatorId],
      ...patch,
    };
    schedule();
  };
  const editNarrative = (section: string, body: string) => {
    setNarrative((n) => ({ ...n, [section]: body }));
    pending.current.narrative[section] = body;
    schedule();
  };

  const step = async (action: "submit" | "return" | "approve" | "lock" | "reopen", stepComment?: string) => {
    if (action === "submit" && !(await save())) {
      if (hasPending()) return message.error(t("col.saveError"));
    }
    try {
      await api.post(`/submissions/${id}/${action}`, { version: version.current, comment: stepComment });
      message.success(
        action === "submit"
          ? t("col.submitted")
          : action === "approve"
            ? t("col.approved")
            : action === "return"
              ? t("col.returnedOk")
              : t("col.saved"),
      );
      await load();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const det = e.body.details as { errors?: TIssueBody[]; warnings?: TIssueBody[] } | undefined;
      if (det?.errors) setIssues([...det.errors, ...(det.warnings ?? [])]);
      message.error(e.text(lang));
    }
  };
  const askComment = (action: "return" | "reopen") => {
    let text = "";
    modal.confirm({
      title: action === "return" ? t("col.return") : t("col.reopen"),
      content: (
        <Input.TextArea
          data-testid="step-comment"
          rows={4}
          placeholder={action === "return" ? t("col.returnComment") : t("col.reopenReason")}
          onChange={(e) => {
            text = e.target.value;
          }}
        />
      ),
      okText: t("col.ok"),
      cancelText: t("col.cancel"),
      onOk: () => step(action, text),
    });
  };

  const attach = async (file: File) => {
    try {
      await uploadRaw(`/api/submissions/${id}/attachments?name=${encodeURIComponent(file.name)}`, file);
      await load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  const importExcel = async (file: File) => {
    setRowErrors(null);
    await save();
    try {
      await uploadRaw<TImportResult>(
        `/api/submissions/${id}/import`,
        new Blob([await file.arrayBuffer()], {
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }),
      );
      message.success(t("col.saved"));
      await load();
    } catch (e) {
      if (e instanceof ApiError && (e.body.details as TImportResult | undefined)?.errors)
        setRowErrors((e.body.details as TImportResult).errors);
      else message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };

  const sections = useMemo(() => {
    const out: Array<{ name: string; fields: TFieldBody[] }> = [];
    for (const f of view?.fields ?? []) {
      const last = out.at(-1);
      if (last && last.name === f.section) last.fields.push(f);
      else out.push({ name: f.section, fields: [f] });
    }
    return out;
  }, [view]);

  if (loadError) return <Alert type="error" message={loadError} />;
  if (!view) return <Spin />;
  const s = view.submission;
  const readOnly = !view.can.edit;
  const issuesOf = (f: TFieldBody) => issues.filter((i) => i.field === f.code);
  const general = issues.filter((i) => !view.fields.some((f) => f.code === i.field));
  const errors = issues.filter((i) => i.severity === "error");
  const status: Record<TSaveState, ReactNode> = {
    saved: (
      <Tag icon={<CloudOutlined />} color="green">
        {t("col.saved")}
      </Tag>
    ),
    saving: <Tag color="blue">{t("col.saving")}</Tag>,
    unsaved: <Tag color="default">{t("col.unsaved")}</Tag>,
    offline: (
      <Tag icon={<DisconnectOutlined />} color="orange" style={{ whiteSpace: "normal" }}>
        {t("col.offline")}
      </Tag>
    ),
    error: <Tag color="red">{t("col.saveError")}</Tag>,
  };
  return (
    <>
      <Space direction="vertical" style={{ width: "100%" }} size="middle">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {s.formName}
          </Typography.Title>
          <Space wrap size={4}>
            <Typography.Text>{s.orgUnitName}</Typography.Text>
            <Typography.Text type="secondary">· {periodLabel(s.period, lang)}</Typography.Text>
            <StateTag state={s.state} />
            <Typography.Text type="secondary" data-testid="version">
              {t("col.version", { v: s.version })}
            </Typography.Text>
            {readOnly ? <Tag>{t("col.readOnly")}</Tag> : null}
          </Space>
        </div>
        {s.state === "returned" && s.returnComment ? (
          <Alert
            type="warning"
            showIcon
            message={t("col.returnedBanner")}
            description={s.returnComment}
            data-testid="return-comment"
          />
        ) : null}
        {errors.length > 0 || general.length > 0 ? (
          <Alert
            type={errors.length > 0 ? "error" : "warning"}
            showIcon
            message={errors.length > 0 ? t("col.errors") : t("col.warnings")}
            description={
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {[...errors, ...general.filter((g) => g.severity === "warning")].slice(0, 20).map((i) => (
                  <li key={i.field + i.message}>{lang === "vi" ? i.message : i.messageEn}</li>
                ))}
              </ul>
            }
          />
        ) : issues.some((i) => i.severity === "warning") ? (
          <Alert type="warning" showIcon message={t("col.warnings")} />
        ) : null}
        {sections.map((sec) => (
          <Card key={sec.name} size="small" title={sec.name} styles={{ body: { paddingTop: 0 } }}>
            {sec.fields.map((f) => (
              <FieldRow
                key={f.indicatorId}
                field={f}
                value={values[f.indicatorId] ?? {}}
                readOnly={readOnly}
                issues={issuesOf(f)}
                onChange={(p) => editValue(f.indicatorId, p)}
              />
            ))}
          </Card>
        ))}
        <Card size="small" title={t("col.narrative")}>
          <Space direction="vertical" style={{ width: "100%" }}>
            {SECTIONS.map((sec) => (
              <div key={sec}>
                <Typography.Text strong>{t(`col.narr.${sec}`)}</Typography.Text>
                <Input.TextArea
                  data-testid={`narr-${sec}`}
                  rows={3}
                  disabled={readOnly}
                  value={narrative[sec] ?? ""}
                  onChange={(e) => editNarrative(sec, e.target.value)}
                />
              </div>
            ))}
          </Space>
        </Card>
        <Card size="small" title={t("col.evidence")}>
          {view.attachments.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("col.noEvidence")} />
          ) : null}
          {view.attachments.length > 0 ? (
            <List
              size="small"
              dataSource={view.attachments}
              renderItem={(a) => (
                <List.Item>
                  <a href={`/api/attachments/${a.id}`}>
                    <PaperClipOutlined /> {a.fileName}
                  </a>{" "}
                  <Typography.Text type="secondary">
                    {formatNumber(a.sizeBytes / 1024, { decimals: 0, locale: lang })} KB
                  </Typography.Text>
                </List.Item>
              )}
            />
          ) : null}
          {!readOnly ? (
            <Button icon={<PaperClipOutlined />} onClick={() => fileInput.current?.click()}>
              {t("col.attach")}
            </Button>
          ) : null}
          <input
            ref={fileInput}
            type="file"
            hidden
            accept=".pdf,.png,.jpg,.jpeg,.webp,.xlsx,.docx,.csv,.txt"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void attach(f);
              e.target.value = "";
            }}
          />
        </Card>
        <Collapse
          items={[
            {
              key: "excel",
              label: t("col.excel"),
              children: (
                <Space direction="vertical" style={{ width: "100%" }}>
                  <Button icon={<DownloadOutlined />} href={`/api/submissions/${id}/template.xlsx`}>
                    {t("col.downloadTemplate")}
                  </Button>
                  {!readOnly ? (
                    <Button icon={<UploadOutlined />} onClick={() => excelInput.current?.click()}>
                      {t("col.uploadFilled")}
                    </Button>
                  ) : null}
                  <input
                    ref={excelInput}
                    type="file"
                    hidden
                    accept=".xlsx"
                    onChange={(e) => {
                      const f = e.target.files?.[0];
                      if (f) void importExcel(f);
                      e.target.value = "";
                    }}
                  />
                  {rowErrors ? (
                    <Alert
                      type="error"
                      message={t("col.importErrors")}
                      description={
                        <ul style={{ margin: 0, paddingLeft: 16 }}>
                          {rowErrors.slice(0, 30).map((r) => (
                            <li key={`${r.row}${r.message}`}>
                              {t("col.row", { row: r.row })}: {lang === "vi" ? r.message : r.messageEn}
                            </li>
                          ))}
                        </ul>
                      }
                    />
                  ) : null}
                </Space>
              ),
            },
            {
              key: "history",
              label: t("col.history"),
              children: (
                <List
                  size="small"
                  dataSource={[...view.events].reverse()}
                  renderItem={(e) => (
                    <List.Item>
                      <span>
                        {new Date(e.at).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB")} · {e.actor} ·{" "}
                        {e.action}
                        {e.toState ? ` → ${t(`col.state.${e.toState}`)}` : ""}
                        {e.comment ? ` — ${e.comment}` : ""}
                      </span>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      </Space>
      <div
        style={{
          position: "sticky",
          bottom: 0,
          background: "#fff",
          padding: "8px 0",
          borderTop: "1px solid #f0f0f0",
          zIndex: 2,
        }}
      >
        <Space wrap>
          {readOnly ? null : (
            <span data-testid="save-state" data-state={saveState}>
              {status[saveState]}
            </span>
          )}
          {view.can.edit ? (
            <Button type="primary" size="large" onClick={() => step("submit")} data-testid="submit">
              {t("col.submit")}
            </Button>
          ) : null}
          {view.can.review ? (
            <>
              <Button danger size="large" onClick={() => askComment("return")} data-testid="return">
                {t("col.return")}
              </Button>
              <Button type="primary" size="large" onClick={() => step("approve")} data-testid="approve">
                {t("col.approve")}
              </Button>
            </>
          ) : null}
          {view.can.manage && s.state === "approved" ? (
            <Button size="large" onClick={() => step("lock")} data-testid="lock">
              {t("col.lock")}
            </Button>
          ) : null}
          {view.can.manage && (s.state === "approved" || s.state === "locked" || s.state === "submitted") ? (
            <Button size="large" onClick={() => askComment("reopen")} data-testid="reopen">
              {t("col.reopen")}
            </Button>
          ) : null}
        </Space>
      </div>
    </>
  );
}
