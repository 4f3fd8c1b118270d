/**
 * A printable HTML view of the review report: the same document, styled for A4 with @page margins so
 * the browser's "Print" gives the administrative layout without any download.
 */
import type { TDocTable, TReportDocument } from "../../core/narrative/index.ts";

/** Escapes text for HTML content and attributes. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Escaped text with its line breaks kept. */
function br(s: string): string {
  return escapeHtml(s).replace(/\n/g, "<br>");
}

const CSS = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 14pt; line-height: 1.35;
  max-width: 165mm; margin: 12mm auto; color: #000; background: #fff; }
.hdr { display: grid; grid-template-columns: 40% 60%; text-align: center; font-size: 13pt; }
.hdr .b { font-weight: bold; }
.rule { display: block; margin: 2px auto 6px; border-top: 1px solid #000; }
.date { font-style: italic; font-size: 14pt; margin-top: 6px; }
h1 { text-align: center; font-size: 14pt; margin: 18px 0 0; }
.sub { text-align: center; font-weight: bold; margin: 0 10% 16px; }
h2 { font-size: 14pt; margin: 10px 0 6px; text-indent: 10mm; }
h3 { font-size: 14pt; margin: 8px 0 6px; text-indent: 10mm; font-style: italic; }
p, li { text-align: justify; text-indent: 10mm; margin: 0 0 6px; }
ul { list-style: none; padding: 0; margin: 0; }
.cap { text-align: center; font-weight: bold; font-style: italic; font-size: 13pt; margin: 10px 0 4px; text-indent: 0; }
table.data { width: 100%; border-collapse: collapse; font-size: 12pt; margin-bottom: 10px; }
table.data th, table.data td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
table.data th { text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.end { display: grid; grid-template-columns: 50% 50%; margin-top: 18px; break-inside: avoid; }
.rcp { font-size: 11pt; }
.rcp b { font-style: italic; font-size: 12pt; }
.sig { text-align: center; font-weight: bold; }
.sig .name { margin-top: 70px; }
@media print { .noprint { display: none; } body { margin: 0 auto; } }
`;

function table(t: TDocTable): string {
  const cols = t.columns.map((c) => `<col style="width:${(c.width * 100).toFixed(1)}%">`).join("");
  const head = t.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join("");
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.map((v, i) => `<td style="text-align:${t.columns[i].align ?? "left"}">${escapeHtml(v)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<p class="cap">${escapeHtml(t.title)}</p><table class="data"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Renders a complete standalone HTML page. `banner` is an optional notice above the report (e.g. "snapshot of …"). */
export function renderHtml(doc: TReportDocument, options: { banner?: string } = {}): string {
  const h = doc.header;
  const parts: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === "heading")
      parts.push(b.level === 1 ? `<h2>${escapeHtml(b.text)}</h2>` : `<h3>${escapeHtml(b.text)}</h3>`);
    else if (b.kind === "paragraph")
      parts.push(b.italic ? `<p><i>${escapeHtml(b.text)}</i></p>` : `<p>${escapeHtml(b.text)}</p>`);
    else if (b.kind === "bullets")
      parts.push(`<ul>${b.items.map((i) => `<li>- ${escapeHtml(i)}</li>`).join("")}</ul>`);
    else parts.push(table(b.table));
  }
  const banner = options.banner
    ? `<div class="noprint" style="font-family:sans-serif;font-size:11pt;background:#fffbe6;border:1px solid #ffe58f;padding:6px 10px;margin-bottom:12px">${escapeHtml(options.banner)}</div>`
    : "";
  return `<!doctype html>
<html lang="${doc.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${doc.title} ${doc.subtitle}`)}</title><style>${CSS}</style></head>
<body>${banner}
<div class="hdr">
  <div>${br(h.parentBody)}<br><span class="b">${br(h.body)}</span><span class="rule" style="width:30%"></span><span style="white-space:pre">${escapeHtml(h.numberLine)}</span></div>
  <div><span class="b">${escapeHtml(h.nationalTitle)}</span><br><span class="b" style="font-size:14pt">${escapeHtml(h.motto)}</span><span class="rule" style="width:55%"></span><div class="date">${escapeHtml(h.placeDate)}</div></div>
</div>
<h1>${escapeHtml(doc.title)}</h1>
<div class="sub">${escapeHtml(doc.subtitle)}<span class="rule" style="width:30%;margin-top:6px"></span></div>
${parts.join("\n")}
<div class="end">
  <div class="rcp">${doc.recipients.length ? `<b>${doc.lang === "vi" ? "Nơi nhận:" : "Recipients:"}</b><br>` : ""}${doc.recipients.map((r) => `- ${escapeHtml(r)}`).join("<br>")}</div>
  <div class="sig">${br(doc.signer.capacity)}<br>${escapeHtml(doc.signer.title)}<div class="name">${escapeHtml(doc.signer.name)}</div></div>
</div>
</body></html>`;
}
