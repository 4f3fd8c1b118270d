/**
 * Status colours and small shared pieces of the leader dashboards. Colours are dark enough for white
 * text (WCAG AA) and every coloured mark also carries its label, so nothing relies on colour alone.
 */
import { Alert, Button, Spin, Tag } from "antd";
import type { ReactNode } from "react";
import type { ApiError } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";

/** Target statuses, best first. */
export const STATUSES = ["exceeded", "achieved", "near", "behind", "no_data"] as const;
/** A target status. */
export type TStatus = (typeof STATUSES)[number];

/** Fill colour per status. */
export const STATUS_COLOR: Record<TStatus, string> = {
  exceeded: "#0a6b2e",
  achieved: "#1f883d",
  near: "#9a6700",
  behind: "#c0262d",
  no_data: "#6e7781",
};

/** A status as a coloured tag with its label. */
export function StatusTag(props: { status: TStatus }): ReactNode {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[props.status]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${props.status}`)}
    </Tag>
  );
}

/** Counts per status. */
export interface TStatusCounts {
  exceeded: number;
  achieved: number;
  near: number;
  behind: number;
  noData: number;
  total: number;
}

/**
 * A horizontal stacked bar of status counts with an accessible description. `achieved` in the API
 * counts achieved + exceeded, so the plain "achieved" segment is achieved − exceeded.
 */
export function StatusBar(props: { counts: TStatusCounts; height?: number }): ReactNode {
  const t = useT();
  const c = props.counts;
  const parts: Array<[TStatus, number]> = [
    ["exceeded", c.exceeded],
    ["achieved", Math.max(0, c.achieved - c.exceeded)],
    ["near", c.near],
    ["behind", c.behind],
    ["no_data", c.noData],
  ];
  const total = Math.max(1, c.total);
  const label = parts.map(([s, n]) => `${t(`status.${s}`)}: ${n}`).join(", ");
  return (
    <div
      role="img"
      aria-label={label}
      title={label}
      style={{
        display: "flex",
        height: props.height ?? 10,
        borderRadius: 4,
        overflow: "hidden",
        background: "#eaeef2",
      }}
    >
      {parts.map(([s, n]) =>
        n > 0 ? (
          <div key={s} style={{ width: `${(n / total) * 100}%`, background: STATUS_COLOR[s] }} />
        ) : null,
      )}
    </div>
  );
}

/** Loading / error wrapper: spinner, bilingual error with retry, or the children. */
export function Loadable(props: {
  loading: boolean;
  error?: ApiError;
  reload?: () => void;
  children: ReactNode;
}): ReactNode {
  const t = useT();
  const { lang } = useLang();
  if (props.error)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t("app.error")}
        description={props.error.text(lang)}
        action={
          props.reload ? (
            <Button size="small" onClick={props.reload}>
              {t("app.retry")}
            </Button>
          ) : undefined
        }
      />
    );
  if (props.loading)
    return (
      <div style={{ padding: 40, textAlign: "center" }}>
        <Spin />
      </div>
    );
  return <>{props.children}</>;
}

/** The name in the current language (falls back to Vietnamese). */
export function useName(): (vi: string, en: string | null | undefined) => string {
  const { lang } = useLang();
  return (vi, en) => (lang === "en" && en ? en : vi);
}
