import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Grid,
  Input,
  InputNumber,
  Row,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useEffect, useState } from "react";
import type { TAnswers } from "../../../core/evaluation/scoring.ts";
import { formatNumber } from "../../../core/vn-number.ts";
import type { TBoard, TBoardRow, TProgramme, TRegistration } from "../../../server/programme/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";

const LEVEL_COLOR = { none: "default", basic: "blue", advanced: "purple" } as const;

function LevelTag(props: { level: "none" | "basic" | "advanced" | null; testId?: string }): ReactNode {
  const t = useT();
  if (props.level === null) return <span style={{ color: "#8c959f" }}>—</span>;
  return (
    <Tag color={LEVEL_COLOR[props.level]} data-testid={props.testId}>
      {t(`prog.level.${props.level}`)}
    </Tag>
  );
}

/** One criterion's answer input, by scoring type. */
function AnswerInput(props: {
  type: string;
  maxPoints: number;
  value: TAnswers[string] | undefined;
  onChange(v: TAnswers[string]): void;
  disabled: boolean;
}): ReactNode {
  const t = useT();
  const v = props.value ?? {};
  if (props.type === "indicator")
    return <Typography.Text type="secondary">{t("prog.indicatorAuto")}</Typography.Text>;
  if (props.type === "boolean_evidence")
    return (
      <Switch
        checked={v.met === true}
        disabled={props.disabled}
        onChange={(met) => props.onChange({ ...v, met })}
      />
    );
  if (props.type === "ratio")
    return (
      <Space.Compact>
        <InputNumber
          min={0}
          placeholder={t("prog.numerator")}
          value={v.numerator}
          disabled={props.disabled}
          onChange={(n) => props.onChange({ ...v, numerator: n ?? undefined })}
        />
        <InputNumber
          min={0}
          placeholder={t("prog.denominator")}
          value={v.denominator}
          disabled={props.disabled}
          onChange={(n) => props.onChange({ ...v, denominator: n ?? undefined })}
        />
      </Space.Compact>
    );
  if (props.type === "direct")
    return (
      <InputNumber
        min={0}
        max={props.maxPoints}
        placeholder={t("prog.pointsInput")}
        value={v.points}
        disabled={props.disabled}
        onChange={(n) => props.onChange({ ...v, points: n ?? undefined })}
      />
    );
  return (
    <InputNumber
      value={v.value}
      disabled={props.disabled}
      onChange={(n) => props.onChange({ ...v, value: n ?? undefined })}
    />
  );
}

/** A registration: the commune answers the criteria; the rule's verdict updates; an appraiser records it. */
function RegistrationPanel(props: { id: number; onChanged(): void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const r = useApi<TRegistration>(`/programmes/registrations/${props.id}`);
  const [answers, setAnswers] = useState<TAnswers>({});
  const [decision, setDecision] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (r.data) setAnswers(r.data.answers);
  }, [r.data]);
  if (r.error) return <Alert type="error" showIcon title={r.error.text(lang)} />;
  if (!r.data) return <Spin />;
  const reg = r.data;
  const readOnly = !can("data.write") || reg.recognisedLevel !== null;
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      message.success(t("cns.saved"));
      r.reload();
      props.onChanged();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };
  const byCode = new Map(reg.evaluation.criteria.map((c) => [c.code, c]));
  return (
    <div data-testid="registration">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{reg.communeName}</Typography.Text>
        <Tag>{t(`prog.${reg.level}`)}</Tag>
        <span>
          {t("prog.evaluated")}: <LevelTag level={reg.evaluation.level} testId="evaluated-level" />
        </span>
        <span>
          {t("prog.recognisedLevel")}: <LevelTag level={reg.recognisedLevel} testId="recognised-level" />
        </span>
        <Typography.Text type="secondary">
          {t("prog.points", {
            points: formatNumber(reg.points, { decimals: 1 }),
            max: formatNumber(reg.maxPoints),
          })}
        </Typography.Text>
      </Space>
      {reg.evaluation.reasons.map((x) => (
        <div key={x.code} style={{ fontSize: 13, color: "#57606a" }}>
          {lang === "vi" ? x.messageVi : x.messageEn}
        </div>
      ))}
      {error && <Alert type="error" showIcon title={error.text(lang)} style={{ margin: "8px 0" }} />}
      <div style={{ marginTop: 8 }}>
        {reg.criteria.map((c) => (
          <div
            key={c.code}
            data-testid={`criterion-${c.code}`}
            style={{
              display: "flex",
              flexWrap: "wrap",
              gap: 8,
              alignItems: "center",
              padding: "6px 0",
              borderBottom: "1px solid #eaeef2",
            }}
          >
            <div style={{ flex: "1 1 220px" }}>
              <Tag color={c.requirement === "mandatory" ? "red" : "gold"}>
                {c.requirement === "mandatory" ? t("prog.mandatory") : t("prog.extended")}
              </Tag>
              {c.code}. {lang === "vi" ? c.nameVi : c.nameEn}
              {byCode.get(c.code)?.met && (
                <Tag color="green" style={{ marginLeft: 6 }}>
                  {t("prog.met")}
                </Tag>
              )}
            </div>
            <AnswerInput
              type={c.type}
              maxPoints={c.maxPoints}
              value={answers[c.code]}
              disabled={readOnly}
              onChange={(v) => setAnswers((a) => ({ ...a, [c.code]: v }))}
            />
          </div>
        ))}
      </div>
      <Space wrap style={{ marginTop: 12 }}>
        {!readOnly && (
          <Button
            type="primary"
            data-testid="save-answers"
            onClick={() => run(() => api.put(`/programmes/registrations/${reg.id}/answers`, { answers }))}
          >
            {t("prog.saveAnswers")}
          </Button>
        )}
        {can("index.appraise") && reg.recognisedLevel === null && (
          <Space.Compact>
            <Input
              placeholder={t("prog.decision")}
              value={decision}
              onChange={(e) => setDecision(e.target.value)}
              data-testid="decision"
            />
            <Button
              data-testid="recognise"
              onClick={() =>
                run(() => api.post(`/programmes/registrations/${reg.id}/recognise`, { decision }))
              }
            >
              {t("prog.recognise")}
            </Button>
          </Space.Compact>
        )}
      </Space>
    </div>
  );
}

/** The province's programme board ("72/173 registered, 69 basic, 3 advanced") and the commune's own registration. */
export default function ProgrammePage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const { unitId } = useScope();
  const unit = useApi<{ id: number; kind: string; provinceId: number | null }>(
    unitId ? `/units/${unitId}` : null,
  );
  const provinceId = unit.data ? (unit.data.kind === "province" ? unit.data.id : unit.data.provinceId) : null;
  const programmes = useApi<{ items: TProgramme[] }>(provinceId ? "/programmes" : null, {
    provinceId: provinceId ?? undefined,
  });
  const programme = programmes.data?.items[0];
  const board = useApi<TBoard>(programme ? `/programmes/${programme.id}/board` : null);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  if (programmes.data && !programme) return <Alert type="info" showIcon title={t("prog.none")} />;
  if (!board.data) return <Spin style={{ display: "block", margin: 40 }} />;
  const b = board.data;
  const mine =
    unit.data?.kind === "commune" ? b.communes.find((c) => c.communeId === unit.data?.id) : undefined;
  const register = async (level: "basic" | "advanced") => {
    setError(null);
    try {
      await api.post(`/programmes/${b.programme.id}/registrations`, { communeId: mine!.communeId, level });
      board.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };
  return (
    <div>
      <Typography.Title level={4}>
        {t("prog.title")} {b.programme.year}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ fontSize: 20, fontWeight: 600 }} data-testid="programme-summary">
          {lang === "vi" ? b.summary.text : b.summary.textEn}
        </div>
        <Row gutter={12} style={{ marginTop: 8 }}>
          {(
            [
              ["prog.registered", `${b.summary.registered}/${b.summary.communes}`],
              ["prog.basic", b.summary.basic],
              ["prog.advanced", b.summary.advanced],
              ["prog.recognised", `${b.summary.recognisedBasic + b.summary.recognisedAdvanced}`],
            ] as const
          ).map(([k, v]) => (
            <Col xs={12} md={6} key={k}>
              <Typography.Text type="secondary">{t(k)}</Typography.Text>
              <div style={{ fontSize: 18, fontWeight: 600 }}>{v}</div>
            </Col>
          ))}
        </Row>
      </Card>
      {mine && (
        <Card size="small" title={t("prog.myCommune")} style={{ marginBottom: 12 }} data-testid="my-commune">
          {error && <Alert type="error" showIcon title={error.text(lang)} style={{ marginBottom: 8 }} />}
          {mine.registrationId === null ? (
            <Space wrap>
              <Typography.Text>{t("prog.notRegistered")}</Typography.Text>
              {can("data.write") && (
                <>
                  <Button type="primary" onClick={() => register("basic")} data-testid="register-basic">
                    {t("prog.register")} — {t("prog.basic")}
                  </Button>
                  <Button onClick={() => register("advanced")} data-testid="register-advanced">
                    {t("prog.register")} — {t("prog.advanced")}
                  </Button>
                </>
              )}
            </Space>
          ) : (
            <RegistrationPanel id={mine.registrationId} onChanged={board.reload} />
          )}
        </Card>
      )}
      <Card size="small">
        <Table<TBoardRow>
          size="small"
          rowKey="communeId"
          dataSource={b.communes}
          data-testid="programme-board"
          pagination={{ pageSize: 25, hideOnSinglePage: true }}
          scroll={{ x: true }}
          onRow={(r) => ({
            onClick: () => r.registrationId !== null && setOpen(r.registrationId),
            style: { cursor: r.registrationId !== null ? "pointer" : undefined },
          })}
          columns={[
            { title: t("cns.commune"), dataIndex: "name" },
            {
              title: t("prog.level"),
              dataIndex: "level",
              render: (v: TBoardRow["level"]) => (v ? t(`prog.${v}`) : t("prog.notRegistered")),
            },
            {
              title: t("prog.mandatory"),
              key: "m",
              responsive: ["md"],
              render: (_: unknown, r) => (r.mandatoryTotal ? `${r.mandatoryMet}/${r.mandatoryTotal}` : "—"),
            },
            {
              title: t("prog.extended"),
              key: "e",
              responsive: ["md"],
              render: (_: unknown, r) => (r.extendedTotal ? `${r.extendedMet}/${r.extendedTotal}` : "—"),
            },
            {
              title: t("prog.evaluated"),
              dataIndex: "evaluatedLevel",
              render: (v: TBoardRow["evaluatedLevel"]) => <LevelTag level={v} />,
            },
            {
              title: t("prog.recognisedLevel"),
              dataIndex: "recognisedLevel",
              render: (v: TBoardRow["recognisedLevel"]) => <LevelTag level={v} />,
            },
          ]}
        />
      </Card>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={screens.md ? 640 : "100%"}
        destroyOnHidden
      >
        {open !== null && <RegistrationPanel id={open} onChanged={board.reload} />}
      </Drawer>
    </div>
  );
}
