/**
 * Test kit for the security tests: walks the OpenAPI document, fills path and query parameters with
 * real ids of the right kind (inside or outside a caller's scope) and builds request bodies from the
 * JSON schemas, so routes other engineers add later are covered without a list to maintain.
 */
import { sql } from "drizzle-orm";
import { type Db, one, rows } from "../../db/client.ts";

/** A JSON schema node (as @fastify/swagger emits it). */
export type TJsonSchema = {
  type?: string | string[];
  properties?: Record<string, TJsonSchema>;
  required?: string[];
  items?: TJsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: TJsonSchema[];
  oneOf?: TJsonSchema[];
  allOf?: TJsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
  $ref?: string;
};

/** One parameter of an operation. */
export interface TParam {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: TJsonSchema;
}

/** One operation of the OpenAPI document. */
export interface TOperation {
  method: string;
  /** OpenAPI path, e.g. /api/units/{id}. */
  path: string;
  permission: string;
  params: TParam[];
  body?: TJsonSchema;
}

type TDoc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, TJsonSchema> };
};

/** Every operation of the document with its declared permission (x-permission). */
export function operationsOf(doc: TDoc): TOperation[] {
  const out: TOperation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params = ((op.parameters ?? []) as TParam[]).filter((p) => p.in === "path" || p.in === "query");
      const content = (op.requestBody as { content?: Record<string, { schema?: TJsonSchema }> } | undefined)
        ?.content;
      out.push({
        method: method.toUpperCase(),
        path,
        permission: String(op["x-permission"] ?? "none"),
        params,
        body: content?.["application/json"]?.schema,
      });
    }
  }
  return out;
}

/** Where a request points: a unit, a commune and a province (inside or outside a caller's scope). */
export interface TTarget {
  label: string;
  unit: number;
  commune: number;
  province: number;
}

// Resources whose table name cannot be guessed from the path (plural → singular → *_singular).
const TABLE_OVERRIDES: Record<string, string> = {
  "evaluation/rounds": "eval_round",
  "evaluation/frameworks": "eval_framework",
  "evaluation/templates": "eval_framework",
  rounds: "reporting_round",
  programmes: "dx_programme",
  "programmes/registrations": "dx_programme_registration",
  teams: "community_team",
  users: "app_user",
  "api-keys": "api_key",
  roles: "role_assignment",
  sessions: "review_session",
  tasks: "review_task",
  attachments: "attachment",
};

// Rows the tests must not damage through the resource they pick (the callers' own keys and accounts).
const ROW_FILTERS: Record<string, string> = {
  app_user: "t.username like 'victim%'",
  api_key: "t.name like 'victim%'",
  role_assignment: "t.user_id in (select id from app_user where username like 'victim%')",
};

const UNIT_COLUMNS = ["org_unit_id", "unit_id", "commune_id", "owner_unit_id", "province_id"];

function singular(word: string): string {
  const w = word.replace(/-/g, "_");
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.endsWith("ses") || w.endsWith("xes")) return w.slice(0, -2);
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

/** Param names that hold a unit, and which kind of unit fits them. */
export function unitKindOfParam(name: string): "unit" | "commune" | "province" | undefined {
  if (/^(communeId|villageId)$/i.test(name)) return "commune";
  if (/^(provinceId)$/i.test(name)) return "province";
  if (
    /^(unitId|orgUnitId|underUnitId|parentUnitId|parentId|ownerUnitId|responsibleUnitId|scopeUnitId)$/i.test(
      name,
    )
  ) {
    return "unit";
  }
  return undefined;
}

/** Fills requests with real ids: resolves tables, their unit columns, and rows inside a target. */
export class RequestFiller {
  private tables = new Set<string>();
  private columns = new Map<string, string[]>();
  private cache = new Map<string, number | undefined>();
  constructor(private readonly db: Db) {}

  /** Reads the schema (tables and columns). */
  async init(): Promise<void> {
    const cols = await rows<{ t: string; c: string }>(
      this.db,
      sql`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`,
    );
    for (const { t, c } of cols) {
      this.tables.add(t);
      this.columns.set(t, [...(this.columns.get(t) ?? []), c]);
    }
  }

  /** The table behind the path segment before a parameter, or undefined. */
  tableFor(segments: string[]): string | undefined {
    const seg = segments[segments.length - 1] ?? "";
    const prev = segments[segments.length - 2] ?? "";
    const override = TABLE_OVERRIDES[`${prev}/${seg}`] ?? TABLE_OVERRIDES[seg];
    if (override && this.tables.has(override)) return override;
    const one = singular(seg);
    for (const c of [`${singular(prev)}_${one}`, one]) if (this.tables.has(c)) return c;
    const suffixed = [...this.tables].filter((t) => t.endsWith(`_${one}`));
    return suffixed.length === 1 ? suffixed[0] : undefined;
  }

  /** An id of a row of the table inside the target's unit subtree (undefined when there is none). */
  async rowIn(table: string, target: TTarget | undefined): Promise<number | undefined> {
    const key = `${table}:${target?.label ?? "any"}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const cols = this.columns.get(table) ?? [];
    const unitCol = UNIT_COLUMNS.find((c) => cols.includes(c));
    const filter = ROW_FILTERS[table] ? sql.raw(ROW_FILTERS[table]) : sql`true`;
    let r: { id: number } | undefined;
    if (!cols.includes("id")) r = undefined;
    else if (target && unitCol) {
      r = await one<{ id: number }>(
        this.db,
        sql`select t.id::int as id from ${sql.identifier(table)} t join org_unit u on u.id = t.${sql.identifier(unitCol)}
          where ${filter} and u.path like (select path from org_unit where id = ${target.unit}) || '%'
          order by t.id limit 1`,
      );
    } else if (!target) {
      r = await one<{ id: number }>(
        this.db,
        sql`select t.id::int as id from ${sql.identifier(table)} t where ${filter} order by t.id limit 1`,
      );
    }
    this.cache.set(key, r?.id);
    return r?.id;
  }

  /** The unit a parameter should carry for a target. */
  unitFor(kind: "unit" | "commune" | "province", target: TTarget): number {
    return kind === "commune" ? target.commune : kind === "province" ? target.province : target.unit;
  }

  /**
   * The URL of an operation aimed at a target. `informative` is false when a resource id could not be
   * found inside the target (the id then falls back to any row, or a missing one).
   */
  async url(
    op: TOperation,
    target: TTarget,
  ): Promise<{ url: string; informative: boolean; scoped: boolean }> {
    let informative = true;
    let scoped = false;
    const segments = op.path.split("/").filter(Boolean);
    const filled: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const m = /^\{(\w+)\}$/.exec(segments[i]);
      if (!m) {
        filled.push(segments[i]);
        continue;
      }
      const name = m[1];
      const kind = unitKindOfParam(name);
      if (kind) {
        filled.push(String(this.unitFor(kind, target)));
        scoped = true;
        continue;
      }
      const table = this.tableFor(segments.slice(0, i).filter((s) => !s.startsWith("{")));
      const inside = table ? await this.rowIn(table, target) : undefined;
      if (
        inside !== undefined &&
        table &&
        UNIT_COLUMNS.some((c) => (this.columns.get(table) ?? []).includes(c))
      ) {
        scoped = true;
      }
      if (inside === undefined) informative = false;
      const any = inside ?? (table ? await this.rowIn(table, undefined) : undefined);
      filled.push(String(any ?? 999_999));
    }
    const query = new URLSearchParams();
    for (const p of op.params.filter((x) => x.in === "query")) {
      const kind = unitKindOfParam(p.name);
      if (kind) {
        query.set(p.name, String(this.unitFor(kind, target)));
        scoped = true;
      } else if (p.required) {
        query.set(p.name, String(await this.queryValue(p, target)));
      }
    }
    const qs = query.toString();
    return { url: `/${filled.join("/")}${qs ? `?${qs}` : ""}`, informative, scoped };
  }

  private async queryValue(p: TParam, target: TTarget): Promise<string | number> {
    const name = p.name;
    if (/^period$/i.test(name)) return "2025Q1";
    if (/year$/i.test(name)) return 2025;
    if (name.endsWith("Id")) {
      const table = this.tableFor([`${name.slice(0, -2).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}s`]);
      if (table) return (await this.rowIn(table, target)) ?? (await this.rowIn(table, undefined)) ?? 999_999;
      return 1;
    }
    return String(sampleFromSchema(p.schema, { target, filler: this, key: name }) ?? "x");
  }
}

/** Context for {@link sampleFromSchema}. */
export interface TSampleContext {
  target: TTarget;
  filler: RequestFiller;
  key?: string;
  depth?: number;
  components?: Record<string, TJsonSchema>;
}

function resolve(schema: TJsonSchema, ctx: TSampleContext): TJsonSchema {
  if (schema.$ref && ctx.components) {
    const name = schema.$ref.split("/").pop() ?? "";
    return ctx.components[name] ?? {};
  }
  return schema;
}

/** A small valid-looking value for a schema: required properties only, unit fields aimed at the target. */
export function sampleFromSchema(schema: TJsonSchema | undefined, ctx: TSampleContext): unknown {
  if (!schema) return undefined;
  const s = resolve(schema, ctx);
  const depth = ctx.depth ?? 0;
  if (depth > 6) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) {
    const nonNull = alt.find((a) => resolve(a, ctx).type !== "null") ?? alt[0];
    return sampleFromSchema(nonNull, ctx);
  }
  if (s.allOf?.length) return sampleFromSchema(s.allOf[0], ctx);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  const key = ctx.key ?? "";
  const kind = unitKindOfParam(key);
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) {
        const v = sampleFromSchema(s.properties?.[name], { ...ctx, key: name, depth: depth + 1 });
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case "array": {
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: Math.min(n, 3) }, () =>
        sampleFromSchema(s.items, { ...ctx, depth: depth + 1 }),
      ).filter((v) => v !== undefined);
    }
    case "integer":
    case "number":
      if (kind) return ctx.filler.unitFor(kind, ctx.target);
      if (/year/i.test(key)) return 2025;
      return Math.max(1, s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
    case "boolean":
      return true;
    case "string": {
      if (s.format === "date") return "2025-03-31";
      if (s.format === "date-time") return "2030-01-01T00:00:00Z";
      if (s.format === "email") return "x@example.org";
      if (/period$/i.test(key)) return "2025Q1";
      if (/^\d/.test(s.pattern ?? "") || /\\d/.test(s.pattern ?? "")) return "2025Q1";
      const min = Math.max(s.minLength ?? 1, 1);
      return "a".repeat(Math.min(Math.max(min, 3), s.maxLength ?? 3));
    }
    default:
      return undefined;
  }
}
