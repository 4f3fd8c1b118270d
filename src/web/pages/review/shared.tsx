/** Pieces shared by the review pages: task status and due tags, units below a unit for selects, dates. */
import { Tag } from "antd";
import type { ReactNode } from "react";
import type { TTask } from "../../../server/tasks/schemas.ts";
import { useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";

/** "2026-10-05" → "05/10/2026". */
export function viDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** "2026-10-05 14:03:01.2+00" → "05/10/2026 14:03". */
export function viDateTime(iso: string): string {
  // PostgreSQL prints "2026-11-23 14:37:08.066+00"; Date wants "2026-11-23T14:37:08.066+00:00".
  const d = new Date(iso.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"));
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Today as ISO (browser calendar). */
export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const STATUS_COLORS: Record<TTask["status"], string> = {
  open: "default",
  in_progress: "processing",
  done: "success",
  cancelled: "default",
};

/** Task status, plus a red "overdue by N days" or an orange "N days left" when due within a week. */
export function TaskStatus(props: { task: Pick<TTask, "status" | "overdue" | "daysLeft"> }): ReactNode {
  const t = useT();
  const { task } = props;
  const open = task.status === "open" || task.status === "in_progress";
  return (
    <span data-testid="task-status">
      <Tag color={STATUS_COLORS[task.status]}>{t(`review.task.${task.status}`)}</Tag>
      {open && task.overdue && task.daysLeft !== null ? (
        <Tag color="red">{t("review.overdue", { days: -task.daysLeft })}</Tag>
      ) : null}
      {open && !task.overdue && task.daysLeft !== null && task.daysLeft <= 7 ? (
        <Tag color="orange">{t("review.dueIn", { days: task.daysLeft })}</Tag>
      ) : null}
    </span>
  );
}

/** A unit as the selects show it. */
export interface TUnitOption {
  id: number;
  name: string;
  kind: string;
}

/** The unit itself and the units directly below it (departments, communes), for the selects. */
export function useUnitOptions(unitId: number | null): TUnitOption[] {
  const children = useApi<{ items: TUnitOption[] }>(unitId === null ? null : `/units/${unitId}/children`, {
    limit: 1000,
  });
  const self = useApi<TUnitOption>(unitId === null ? null : `/units/${unitId}`);
  return [...(self.data ? [self.data] : []), ...(children.data?.items ?? [])];
}

/** Splits a textarea into trimmed non-empty lines. */
export function lines(text: string | undefined): string[] {
  return (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
