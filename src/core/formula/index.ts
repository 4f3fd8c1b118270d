/** The formula language: parse once, evaluate many times, analyse dependencies and cycles. */
export * from "./analysis.ts";
export * from "./ast.ts";
export * from "./errors.ts";
export * from "./evaluator.ts";
export * from "./lexer.ts";
export * from "./parser.ts";
