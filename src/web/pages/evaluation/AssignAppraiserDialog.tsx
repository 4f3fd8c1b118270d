/**
 * The secretariat assigns an appraiser to the units ticked on the round page, or clears the
 * assignment. Only people whose roles appraise these units are offered; the server checks it again.
 */
import { Alert, Button, Modal, Select, Space, Typography } from "antd";
import { type ReactNode, useState } from "react";
import type { TAppraiserAssign, TAppraiserCandidate } from "../../../server/evaluation/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";

/** Modal assigning (or clearing) the appraiser of `unitIds`; `onDone` gets the number of units changed. */
export function AssignAppraiserDialog(props: {
  roundId: number;
  unitIds: number[];
  onClose: () => void;
  onDone: (result: { updated: number; cleared: boolean }) => void;
}): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const candidates = useApi<{ items: TAppraiserCandidate[] }>(
    `/evaluation/rounds/${props.roundId}/appraisers`,
  );
  const [userId, setUserId] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (user: number | null) => {
    setError(null);
    setBusy(true);
    try {
      const body: TAppraiserAssign = { unitIds: props.unitIds, userId: user };
      const r = await api.put<{ updated: number }>(`/evaluation/rounds/${props.roundId}/appraisers`, body);
      props.onDone({ updated: r.updated, cleared: user === null });
    } catch (e) {
      setError(ApiError.from(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("eval.assign.title", { n: props.unitIds.length })}
      onCancel={props.onClose}
      footer={
        <Space wrap style={{ justifyContent: "flex-end" }}>
          <Button onClick={() => save(null)} disabled={busy} data-testid="assign-clear">
            {t("eval.assign.clear")}
          </Button>
          <Button onClick={props.onClose}>{t("eval.cancel")}</Button>
          <Button
            type="primary"
            disabled={userId === null}
            loading={busy}
            onClick={() => save(userId)}
            data-testid="assign-ok"
          >
            {t("eval.assign.button")}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: "100%" }} data-testid="assign-dialog">
        <span>{t("eval.assign.user")}</span>
        <Select<number>
          style={{ width: "100%" }}
          data-testid="assign-user"
          aria-label={t("eval.assign.user")}
          placeholder={t("eval.assign.userPlaceholder")}
          loading={candidates.loading}
          value={userId ?? undefined}
          onChange={setUserId}
          showSearch={{ optionFilterProp: "label" }}
          options={(candidates.data?.items ?? []).map((c) => ({
            value: c.userId,
            label: `${c.displayName} (${c.username}) · ${c.scopeNames}`,
          }))}
        />
        <Typography.Text type="secondary">{t("eval.assign.note")}</Typography.Text>
        {candidates.error ? <Alert type="error" showIcon title={candidates.error.text(lang)} /> : null}
        {error ? <Alert type="error" showIcon title={error.text(lang)} data-testid="assign-error" /> : null}
      </Space>
    </Modal>
  );
}
