/** Narrative of review reports: templates, the report model, and composition into a document. */
export * from "./compose.ts";
export * from "./defaults.ts";
export * from "./diff.ts";
export * from "./document.ts";
export * from "./model.ts";
export * from "./template.ts";
