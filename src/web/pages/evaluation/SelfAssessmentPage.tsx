/**
 * A unit's self-assessment, one card per index and one block per criterion, sized for a phone: the
 * answer, the points it earns, flags (e.g. "yes" without evidence), and the appraisers' decision. Save
 * keeps a draft; submit sends it. After the deadline the form is read-only except where evidence was
 * requested, and the server's bilingual error is shown if a write is refused.
 */
import { Alert, App, Button, Card, Divider, Space, Spin, Statistic, Typography } from "antd";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import {
  SCORE_FLAG_MESSAGES,
  type TAnswer,
  type TCriterion,
  walkFramework,
} from "../../../core/evaluation/index.ts";
import type { TAssessment } from "../../../server/evaluation/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";
import {
  AnswerInput,
  AppraisalTag,
  cleanAnswer,
  formatDeadline,
  PhaseTag,
  RequirementTag,
  StatusTag,
  useFmt,
} from "./shared.tsx";

/** Self-assessment page. */
export default function SelfAssessmentPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const fmt = useFmt();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { id, unitId } = useParams();
  const path = `/evaluation/rounds/${id}/units/${unitId}`;
  const loaded = useApi<TAssessment>(path);
  const [data, setData] = useState<TAssessment | undefined>(undefined);
  const [answers, setAnswers] = useState<Record<string, TAnswer>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!loaded.data) return;
    setData(loaded.data);
    setAnswers(
      Object.fromEntries(loaded.data.items.filter((i) => i.selfAnswer).map((i) => [i.code, i.selfAnswer!])),
    );
  }, [loaded.data]);

  const visited = useMemo(() => (data ? walkFramework(data.framework) : []), [data]);
  if (loaded.error && !data) return <Alert type="error" title={loaded.error.text(lang)} />;
  if (!data) return <Spin />;

  const editable = new Set(data.editableCodes);
  const items = new Map(data.items.map((i) => [i.code, i]));
  const scores = new Map(data.criteria.map((c) => [c.code, c]));
  const mayWrite = can("index.self_assess");
  const changed = Object.keys(answers).filter(
    (code) =>
      editable.has(code) &&
      JSON.stringify(answers[code]) !== JSON.stringify(items.get(code)?.selfAnswer ?? null),
  );

  const save = async (submit: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        answers: Object.fromEntries(changed.map((c) => [c, cleanAnswer(answers[c])])),
        ...(submit ? { submit: true } : {}),
      };
      const next = await api.put<TAssessment>(`${path}/answers`, body);
      setData(next);
      setAnswers(
        Object.fromEntries(next.items.filter((i) => i.selfAnswer).map((i) => [i.code, i.selfAnswer!])),
      );
      message.success(t(submit ? "eval.submitted" : "eval.saved"));
    } catch (e) {
      setError(ApiError.from(e));
    } finally {
      setBusy(false);
    }
  };

  const tops = visited.filter((v) => v.depth === 1);
  const { round, participant } = data;
  const total = data.selfScore.total;
  const locked = round.phase !== "self_assessment";

  return (
    <Space
      orientation="vertical"
      style={{ width: "100%", paddingBottom: 72 }}
      size="middle"
      data-testid="self-assessment"
    >
      <Link to={`/evaluation/rounds/${round.id}`}>← {round.name}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("eval.selfAssess")}: {participant.unitName}
      </Typography.Title>
      <Space wrap>
        <PhaseTag phase={round.phase} />
        <StatusTag status={participant.status} />
        <Typography.Text type="secondary">
          {t("eval.deadlineNote", { date: formatDeadline(round.selfDeadline) })}
        </Typography.Text>
      </Space>
      {locked && round.phase !== "published" ? (
        <Alert type="warning" showIcon title={t(data.selfEditable ? "eval.lockedEvidence" : "eval.locked")} />
      ) : null}
      {error ? <Alert type="error" showIcon title={error.text(lang)} data-testid="save-error" /> : null}
      <Card size="small">
        <Space wrap size="large">
          <Statistic
            title={t("eval.selfScore")}
            value={total.publishedText}
            suffix={
              <small>
                (
                {t("eval.points", {
                  points: fmt(total.points, { decimals: 2, trim: true }),
                  max: fmt(total.maxPoints),
                })}
                )
              </small>
            }
          />
          {participant.status === "appraised" || round.phase === "published" ? (
            <Statistic title={t("eval.finalScore")} value={data.finalScore.total.publishedText} />
          ) : null}
          {data.selfScore.indices.map((i) => (
            <Statistic
              key={i.code}
              title={lang === "en" ? i.nameEn : i.nameVi}
              value={fmt(i.points, 2)}
              suffix={`/ ${fmt(i.maxPoints)}`}
              valueStyle={{ fontSize: 18 }}
            />
          ))}
        </Space>
      </Card>
      {tops.map((top) => (
        <Card
          key={top.node.code}
          title={`${top.node.code}. ${lang === "en" ? top.node.nameEn : top.node.nameVi}`}
          size="small"
        >
          {visited
            .filter((v) => v.topCode === top.node.code && v.node.kind === "criterion")
            .map((v, k) => {
              const c = v.node as TCriterion;
              const item = items.get(c.code);
              const sc = scores.get(c.code);
              return (
                <div key={c.code} data-testid={`criterion-${c.code}`}>
                  {k > 0 ? <Divider style={{ margin: "12px 0" }} /> : null}
                  <Space orientation="vertical" style={{ width: "100%" }} size={6}>
                    <Typography.Text strong>
                      {c.code}. {lang === "en" ? c.nameEn : c.nameVi}
                    </Typography.Text>
                    <Space wrap size={4}>
                      <RequirementTag requirement={v.requirement} />
                      <Typography.Text type="secondary">
                        {t("eval.points", {
                          points: fmt(item?.selfPoints ?? sc?.points ?? 0, { decimals: 2, trim: true }),
                          max: fmt(c.maxPoints),
                        })}
                      </Typography.Text>
                      {item && item.appraisal !== "pending" ? (
                        <AppraisalTag appraisal={item.appraisal} />
                      ) : null}
                    </Space>
                    <AnswerInput
                      criterion={c}
                      value={answers[c.code]}
                      indicatorValue={item?.indicatorValue}
                      disabled={!mayWrite || !editable.has(c.code) || busy}
                      onChange={(a) => setAnswers((prev) => ({ ...prev, [c.code]: a }))}
                    />
                    {(sc?.flags ?? [])
                      .filter((f) => f !== "no_answer" || !locked)
                      .map((f) => (
                        <Typography.Text key={f} type="warning" style={{ fontSize: 13 }}>
                          {SCORE_FLAG_MESSAGES[f][lang]}
                        </Typography.Text>
                      ))}
                    {item?.appraisalReason ? (
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {t("eval.reason")}: {item.appraisalReason}
                      </Typography.Text>
                    ) : null}
                  </Space>
                </div>
              );
            })}
        </Card>
      ))}
      {mayWrite && data.selfEditable ? (
        <div
          style={{
            position: "sticky",
            bottom: 0,
            background: "#fff",
            padding: "10px 0",
            borderTop: "1px solid #eee",
            display: "flex",
            gap: 8,
            flexWrap: "wrap",
          }}
        >
          <Button
            onClick={() => save(false)}
            loading={busy}
            disabled={changed.length === 0}
            data-testid="save"
          >
            {t("eval.save")}
          </Button>
          {!locked ? (
            <Button type="primary" onClick={() => save(true)} loading={busy} data-testid="submit">
              {t("eval.submit")}
            </Button>
          ) : null}
        </div>
      ) : null}
    </Space>
  );
}
