/**
 * Appraisal of one unit, criterion by criterion: the unit's answer and points next to the decision —
 * accept, adjust (the appraised answer and the reason) or request evidence (the reason). "Accept the
 * remaining criteria" settles every criterion still pending in one step.
 */
import { Alert, App, Button, Card, Input, Modal, Space, Spin, Table, Typography } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { listCriteria, type TAnswer, type TCriterion } from "../../../core/evaluation/index.ts";
import type { TAssessment, TAssessmentItem } from "../../../server/evaluation/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import {
  AnswerInput,
  AppraisalTag,
  cleanAnswer,
  PhaseTag,
  StatusTag,
  useAnswerText,
  useFmt,
} from "./shared.tsx";

type TAction = "accept" | "adjust" | "request_evidence";

/** Appraisal page. */
export default function AppraisalPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const fmt = useFmt();
  const answerText = useAnswerText();
  const { message } = App.useApp();
  const { id, unitId } = useParams();
  const path = `/evaluation/rounds/${id}/units/${unitId}`;
  const loaded = useApi<TAssessment>(path);
  const [data, setData] = useState<TAssessment | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<{ criterion: TCriterion; action: TAction; answer?: TAnswer } | null>(
    null,
  );
  const [reason, setReason] = useState("");

  useEffect(() => {
    if (loaded.data) setData(loaded.data);
  }, [loaded.data]);
  if (loaded.error && !data) return <Alert type="error" title={loaded.error.text(lang)} />;
  if (!data) return <Spin />;

  const criteria = listCriteria(data.framework);
  const items = new Map(data.items.map((i) => [i.code, i]));

  const send = async (body: {
    items: Array<{ code: string; action: TAction; answer?: TAnswer; reason?: string }>;
  }) => {
    setBusy(true);
    setError(null);
    try {
      setData(await api.put<TAssessment>(`${path}/appraisal`, body));
      message.success(t("eval.saved"));
      return true;
    } catch (e) {
      setError(ApiError.from(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const pending = data.items.filter((i) => i.appraisal === "pending").map((i) => i.code);
  const disabled = !data.appraisable || busy;

  const columns = [
    {
      title: t("eval.criterion"),
      key: "c",
      render: (_: unknown, c: TCriterion) => (
        <span>
          <b>{c.code}</b>. {lang === "en" ? c.nameEn : c.nameVi}
        </span>
      ),
    },
    {
      title: t("eval.selfAnswer"),
      key: "self",
      render: (_: unknown, c: TCriterion) => {
        const i = items.get(c.code);
        return (
          <Space orientation="vertical" size={0}>
            <span>
              {c.scoring.type === "indicator" && i?.indicatorValue != null
                ? fmt(i.indicatorValue, 1)
                : answerText(c, i?.selfAnswer)}
            </span>
            <Typography.Text type="secondary">
              {t("eval.points", {
                points: fmt(i?.selfPoints ?? 0, { decimals: 2, trim: true }),
                max: fmt(c.maxPoints),
              })}
            </Typography.Text>
            {(i?.selfAnswer?.evidence ?? []).map((e) => (
              <Typography.Text key={e} style={{ fontSize: 12 }} ellipsis>
                {e}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    },
    {
      title: t("eval.appraisedAnswer"),
      key: "appraisal",
      render: (_: unknown, c: TCriterion) => {
        const i = items.get(c.code) as TAssessmentItem;
        return (
          <Space orientation="vertical" size={0} data-testid={`appraisal-${c.code}`}>
            <AppraisalTag appraisal={i.appraisal} />
            {i.appraisal === "adjusted" ? <span>{answerText(c, i.appraisedAnswer)}</span> : null}
            <Typography.Text strong>
              {t("eval.points", {
                points: fmt(i.finalPoints, { decimals: 2, trim: true }),
                max: fmt(c.maxPoints),
              })}
            </Typography.Text>
            {i.appraisalReason ? (
              <Typography.Text type="secondary">{i.appraisalReason}</Typography.Text>
            ) : null}
          </Space>
        );
      },
    },
    {
      title: "",
      key: "actions",
      render: (_: unknown, c: TCriterion) => (
        <Space wrap size={4}>
          <Button
            size="small"
            disabled={disabled}
            onClick={() => send({ items: [{ code: c.code, action: "accept" }] })}
            data-testid={`accept-${c.code}`}
          >
            {t("eval.accept")}
          </Button>
          <Button
            size="small"
            disabled={disabled}
            data-testid={`adjust-${c.code}`}
            onClick={() => {
              setReason("");
              setDialog({
                criterion: c,
                action: "adjust",
                answer: items.get(c.code)?.selfAnswer ?? undefined,
              });
            }}
          >
            {t("eval.adjust")}
          </Button>
          <Button
            size="small"
            danger
            disabled={disabled}
            data-testid={`request-${c.code}`}
            onClick={() => {
              setReason("");
              setDialog({ criterion: c, action: "request_evidence" });
            }}
          >
            {t("eval.requestEvidence")}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle" data-testid="appraisal">
      <Link to={`/evaluation/rounds/${data.round.id}`}>← {data.round.name}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("eval.appraise")}: {data.participant.unitName}
      </Typography.Title>
      <Space wrap>
        <PhaseTag phase={data.round.phase} />
        <StatusTag status={data.participant.status} />
      </Space>
      {error ? <Alert type="error" showIcon title={error.text(lang)} /> : null}
      <Card size="small">
        <Space wrap size="large">
          <span>
            {t("eval.selfScore")}: <b>{data.selfScore.total.publishedText}</b>
          </span>
          <span data-testid="final-score">
            {t("eval.finalScore")}: <b>{data.finalScore.total.publishedText}</b>
          </span>
          <Button
            type="primary"
            disabled={disabled || pending.length === 0}
            onClick={() => send({ items: pending.map((code) => ({ code, action: "accept" as const })) })}
            data-testid="accept-all"
          >
            {t("eval.acceptAll")} ({pending.length})
          </Button>
        </Space>
      </Card>
      <Table<TCriterion>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={criteria}
        columns={columns}
        scroll={{ x: 720 }}
      />
      <Modal
        open={dialog !== null}
        title={
          dialog
            ? `${t(dialog.action === "adjust" ? "eval.adjust" : "eval.requestEvidence")}: ${dialog.criterion.code}`
            : ""
        }
        okText={t("eval.confirm")}
        cancelText={t("eval.cancel")}
        okButtonProps={{ disabled: reason.trim() === "", loading: busy, id: "dialog-ok" }}
        onCancel={() => setDialog(null)}
        onOk={async () => {
          if (!dialog) return;
          const ok = await send({
            items: [
              {
                code: dialog.criterion.code,
                action: dialog.action,
                reason: reason.trim(),
                ...(dialog.action === "adjust" ? { answer: cleanAnswer(dialog.answer ?? {}) } : {}),
              },
            ],
          });
          if (ok) setDialog(null);
        }}
      >
        {dialog ? (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Typography.Text>
              {lang === "en" ? dialog.criterion.nameEn : dialog.criterion.nameVi}
            </Typography.Text>
            {dialog.action === "adjust" ? (
              <AnswerInput
                criterion={dialog.criterion}
                value={dialog.answer}
                onChange={(a) => setDialog({ ...dialog, answer: a })}
              />
            ) : null}
            <Input.TextArea
              aria-label={t("eval.reason")}
              placeholder={t("eval.reasonRequired")}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoSize={{ minRows: 2 }}
              data-testid="dialog-reason"
            />
          </Space>
        ) : null}
      </Modal>
    </Space>
  );
}
