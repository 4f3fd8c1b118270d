import { Tag } from "antd";
import type { ReactNode } from "react";
import { useT } from "../../i18n/index.ts";

/** A rank as published rankings show it: the number, and "đồng hạng" when shared ("15, 15, 17"). */
export function RankCell(props: { rank: number | null; tied: boolean; nowrap?: boolean }): ReactNode {
  const t = useT();
  return (
    <span data-testid="rank-cell" style={props.nowrap ? { whiteSpace: "nowrap" } : undefined}>
      <strong>{props.rank ?? "—"}</strong>
      {props.tied && (
        <Tag style={{ marginInlineStart: 6 }} color="default">
          {t("rank.tied")}
        </Tag>
      )}
    </span>
  );
}
