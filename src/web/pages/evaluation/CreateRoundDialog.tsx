/**
 * The secretariat opens an evaluation round: an active framework, the year evaluated, a name, the
 * participants (every unit of a group in the province, or chosen units) and the deadlines. Deadlines
 * are entered as Vietnam wall-clock time whatever the browser's time zone, as the decision that sets
 * them reads ("17:00 ngày 31/01/2027").
 */
import { Alert, Form, Input, InputNumber, Modal, Radio, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useEffect, useState } from "react";
import type { TFrameworkSummary, TRoundCreate, TRoundDetail } from "../../../server/evaluation/schemas.ts";
import type { TUnit } from "../../../server/units/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { DeadlinePicker, vietnamIso } from "./DeadlinePicker.tsx";

type TUnitGroup = TRoundCreate["unitGroup"];

interface TValues {
  frameworkId: number;
  year: number;
  name?: string;
  unitGroup: TUnitGroup;
  participants: "all" | "some";
  unitIds?: number[];
  selfDeadline: Dayjs;
  appraisalDeadline?: Dayjs | null;
}

const GROUPS: TUnitGroup[] = ["commune", "agency", "province", "other"];

/** The unit group a framework of this scope usually evaluates. */
function groupOfScope(scope: string): TUnitGroup {
  return scope === "commune" ? "commune" : scope === "department" ? "agency" : "other";
}

/** The org_unit kind listed for a group when choosing units (every child of the province for "other"). */
function kindOfGroup(group: TUnitGroup): string | undefined {
  return group === "commune" || group === "agency" ? group : undefined;
}

/** The province of the unit chosen in the header (the unit itself when it is a province). */
function useProvince(): TUnit | null {
  const { unitId } = useScope();
  const unit = useApi<TUnit>(unitId === null ? null : `/units/${unitId}`);
  const provinceId = unit.data?.kind === "province" ? unit.data.id : (unit.data?.provinceId ?? null);
  const province = useApi<TUnit>(
    provinceId !== null && provinceId !== unit.data?.id ? `/units/${provinceId}` : null,
  );
  if (unit.data?.kind === "province") return unit.data;
  return province.data ?? null;
}

/** Modal form that opens a round; calls `onCreated` with the new round. */
export function CreateRoundDialog(props: {
  onClose: () => void;
  onCreated: (r: TRoundDetail) => void;
}): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const [form] = Form.useForm<TValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const province = useProvince();
  const frameworks = useApi<{ items: TFrameworkSummary[] }>("/evaluation/frameworks");
  const active = (frameworks.data?.items ?? []).filter((f) => f.status === "active");
  const only = active.length === 1 ? active[0] : null;
  // With a single active framework there is nothing to choose.
  useEffect(() => {
    if (only && form.getFieldValue("frameworkId") === undefined)
      form.setFieldsValue({ frameworkId: only.id, unitGroup: groupOfScope(only.scope) });
  }, [only, form]);
  const group = Form.useWatch("unitGroup", form) ?? "commune";
  const mode = Form.useWatch("participants", form) ?? "all";
  const choose = mode === "some" || group === "other";
  const units = useApi<{ items: TUnit[] }>(province && choose ? "/units" : null, {
    parentId: province?.id,
    kind: kindOfGroup(group),
    limit: 1000,
  });

  const submit = async () => {
    const v = await form.validateFields();
    if (!province) return;
    setError(null);
    setBusy(true);
    try {
      const body: TRoundCreate = {
        provinceId: province.id,
        frameworkId: v.frameworkId,
        year: v.year,
        name: v.name?.trim() || undefined,
        unitGroup: v.unitGroup,
        selfDeadline: vietnamIso(v.selfDeadline),
        appraisalDeadline: v.appraisalDeadline ? vietnamIso(v.appraisalDeadline) : undefined,
        unitIds: choose ? v.unitIds : undefined,
      };
      props.onCreated(await api.post<TRoundDetail>("/evaluation/rounds", body));
    } catch (e) {
      setError(ApiError.from(e));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: t("eval.create.required") }];
  return (
    <Modal
      open
      title={t("eval.create.title")}
      onCancel={props.onClose}
      onOk={submit}
      okText={t("eval.create.ok")}
      cancelText={t("eval.cancel")}
      okButtonProps={{ disabled: !province || active.length === 0, loading: busy, id: "create-round-ok" }}
      destroyOnHidden
    >
      <div data-testid="create-round">
        {!province ? <Alert type="warning" showIcon title={t("eval.create.noProvince")} /> : null}
        {frameworks.data && active.length === 0 ? (
          <Alert type="warning" showIcon title={t("eval.create.noFramework")} />
        ) : null}
        {province ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t("eval.create.province")}: {province.fullName ?? province.name}
          </Typography.Paragraph>
        ) : null}
        <Form<TValues>
          form={form}
          layout="vertical"
          initialValues={{
            year: dayjs().year(),
            unitGroup: "commune",
            participants: "all",
            selfDeadline: dayjs().add(1, "month").hour(17).minute(0).second(0),
          }}
        >
          <Form.Item name="frameworkId" label={t("eval.create.framework")} rules={required}>
            <Select
              data-testid="create-framework"
              options={active.map((f) => ({
                value: f.id,
                label: `${f.code} ${f.version} · ${f.name}${f.legalBasis ? ` (${f.legalBasis})` : ""}`,
              }))}
              onChange={(id: number) => {
                const f = active.find((x) => x.id === id);
                if (f) form.setFieldValue("unitGroup", groupOfScope(f.scope));
              }}
            />
          </Form.Item>
          <Form.Item name="year" label={t("eval.create.year")} rules={required}>
            <InputNumber
              min={2000}
              max={2100}
              precision={0}
              style={{ width: 140 }}
              data-testid="create-year"
            />
          </Form.Item>
          <Form.Item name="name" label={t("eval.create.name")}>
            <Input maxLength={300} placeholder={t("eval.create.namePlaceholder")} data-testid="create-name" />
          </Form.Item>
          <Form.Item name="unitGroup" label={t("eval.create.unitGroup")} rules={required}>
            <Select
              data-testid="create-group"
              options={GROUPS.map((g) => ({ value: g, label: t(`eval.create.group.${g}`) }))}
            />
          </Form.Item>
          {group !== "other" ? (
            <Form.Item name="participants" label={t("eval.create.participants")}>
              <Radio.Group
                options={[
                  { value: "all", label: t("eval.create.all") },
                  { value: "some", label: t("eval.create.some") },
                ]}
              />
            </Form.Item>
          ) : null}
          {choose ? (
            <Form.Item name="unitIds" label={t("eval.create.units")} rules={required}>
              <Select
                mode="multiple"
                data-testid="create-units"
                loading={units.loading}
                placeholder={t("eval.create.unitsPlaceholder")}
                showSearch={{ optionFilterProp: "label" }}
                options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName ?? u.name }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="selfDeadline"
            label={t("eval.create.selfDeadline")}
            extra={t("eval.create.timeHint")}
            rules={required}
          >
            <DeadlinePicker testId="create-self-deadline" />
          </Form.Item>
          <Form.Item name="appraisalDeadline" label={t("eval.create.appraisalDeadline")}>
            <DeadlinePicker testId="create-appraisal-deadline" />
          </Form.Item>
        </Form>
        {error ? (
          <Alert type="error" showIcon title={error.text(lang)} data-testid="create-round-error" />
        ) : null}
      </div>
    </Modal>
  );
}
