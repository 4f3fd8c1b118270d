import { Typography } from "antd";
import type { ReactNode } from "react";
import type { TExplanation } from "../../../core/explain.ts";
import { formatNumber } from "../../../core/vn-number.ts";

function value(v: unknown): string {
  if (typeof v === "number")
    return formatNumber(v, { decimals: Number.isInteger(v) ? 0 : 2, trimZeros: true });
  if (v === null || v === undefined) return "—";
  return String(v);
}

/** The explanation trail of a figure: each step with its rule, formula, inputs and result, nested. */
export function ExplainTree(props: { node: TExplanation; depth?: number }): ReactNode {
  const n = props.node;
  const depth = props.depth ?? 0;
  return (
    <div
      style={{
        borderInlineStart: depth > 0 ? "2px solid #d0d7de" : undefined,
        paddingInlineStart: depth > 0 ? 10 : 0,
        marginTop: depth > 0 ? 8 : 0,
      }}
    >
      <div style={{ overflowWrap: "anywhere" }}>
        <Typography.Text strong>{n.label}</Typography.Text> ={" "}
        <Typography.Text code>{n.display ?? value(n.result)}</Typography.Text>
      </div>
      {n.formula && (
        <Typography.Text type="secondary" style={{ display: "block", overflowWrap: "anywhere" }}>
          {n.rule ? `${n.rule}: ` : ""}
          {n.formula}
        </Typography.Text>
      )}
      {n.inputs && n.inputs.length > 0 && (
        <ul style={{ margin: "4px 0", paddingInlineStart: 18 }}>
          {n.inputs.slice(0, 30).map((i, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: inputs have no id and never reorder
            <li key={k} style={{ overflowWrap: "anywhere" }}>
              {i.label ?? i.code ?? i.unitId}
              {i.period ? ` (${i.period})` : ""}: {value(i.value)}
              {i.note ? ` — ${i.note}` : ""}
            </li>
          ))}
          {n.inputs.length > 30 && <li>… {n.inputs.length - 30}</li>}
        </ul>
      )}
      {n.notes?.map((x) => (
        <Typography.Text key={x} type="warning" style={{ display: "block" }}>
          {x}
        </Typography.Text>
      ))}
      {n.children && n.children.length > 0 && depth >= 1 ? (
        // Deeper steps (per-unit inputs) are long on a phone: folded, one click away.
        <details style={{ marginTop: 4 }}>
          <summary style={{ cursor: "pointer" }}>{`${n.children.length} ▸`}</summary>
          {n.children.map((c, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: children are positional steps
            <ExplainTree key={k} node={c} depth={depth + 1} />
          ))}
        </details>
      ) : (
        n.children?.map((c, k) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: children are positional steps
          <ExplainTree key={k} node={c} depth={depth + 1} />
        ))
      )}
    </div>
  );
}
