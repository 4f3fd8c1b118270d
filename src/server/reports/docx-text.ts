/** Reads a DOCX back (tests, checks): word/document.xml and its paragraph texts with entities decoded. */
import JSZip from "jszip";

/** The XML of word/document.xml and its text, one line per paragraph (runs joined). */
export async function docxText(bytes: Buffer): Promise<{ xml: string; text: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file("word/document.xml");
  if (!file) throw new Error("not a DOCX: word/document.xml missing");
  const xml = await file.async("string");
  const text = xml
    .replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, "")}\n`)
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
  return { xml, text };
}
