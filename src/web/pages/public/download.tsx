import { DownloadOutlined } from "@ant-design/icons";
import { Button, Space } from "antd";
import type { ReactNode } from "react";
import { useT } from "../../i18n/index.ts";

/** A CSV column: header and how to read a row. */
export interface TCsvColumn<T> {
  header: string;
  value(row: T): string | number | null;
}

function cell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV text with a UTF-8 BOM so Excel shows Vietnamese correctly; raw numbers use "." as decimal mark. */
export function toCsv<T>(options: { rows: readonly T[]; columns: ReadonlyArray<TCsvColumn<T>> }): string {
  const lines = [options.columns.map((c) => cell(c.header)).join(",")];
  for (const r of options.rows) lines.push(options.columns.map((c) => cell(c.value(r))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function save(options: { name: string; type: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([options.text], { type: options.type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = options.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "Download CSV" and "Download JSON" buttons for one chart's data. */
export function DownloadButtons<T>(props: {
  fileName: string;
  rows: readonly T[];
  columns: ReadonlyArray<TCsvColumn<T>>;
  json: unknown;
}): ReactNode {
  const t = useT();
  return (
    <Space size="small" wrap>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        onClick={() =>
          save({ name: `${props.fileName}.csv`, type: "text/csv;charset=utf-8", text: toCsv(props) })
        }
        data-testid="download-csv"
      >
        {t("public.downloadCsv")}
      </Button>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        onClick={() =>
          save({
            name: `${props.fileName}.json`,
            type: "application/json",
            text: JSON.stringify(props.json, null, 2),
          })
        }
        data-testid="download-json"
      >
        {t("public.downloadJson")}
      </Button>
    </Space>
  );
}
