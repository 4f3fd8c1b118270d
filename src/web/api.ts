/**
 * The web app's HTTP client: JSON in and out, the session cookie, the CSRF header on writes, and
 * `ApiError` carrying the server's bilingual error body `{error: {code, message, messageEn, field?}}`.
 */

/** The error body every API route returns. */
export interface TApiErrorBody {
  code: string;
  message: string;
  messageEn: string;
  field?: string;
  details?: unknown;
}

/** A failed API call: HTTP status plus the bilingual error. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: TApiErrorBody;
  constructor(options: { status: number; body: TApiErrorBody }) {
    super(options.body.messageEn);
    this.name = "ApiError";
    this.status = options.status;
    this.body = options.body;
  }
  /** Any thrown value as an ApiError (a network or client failure becomes status 0). */
  static from(e: unknown): ApiError {
    return e instanceof ApiError
      ? e
      : new ApiError({ status: 0, body: { code: "client", message: String(e), messageEn: String(e) } });
  }
  /** The message in the given language. */
  text(lang: "vi" | "en"): string {
    return lang === "vi" ? this.body.message : this.body.messageEn;
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token handed out by /api/auth/me or /api/auth/login (null on logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Query values; undefined and null are left out. */
export type TQuery = Record<string, string | number | boolean | null | undefined>;

/** Builds "/api/path?a=1" from a path and query values. */
export function apiUrl(path: string, query?: TQuery): string {
  const base = path.startsWith("/api/") ? path : `/api${path.startsWith("/") ? "" : "/"}${path}`;
  if (!query) return base;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${base}?${s}` : base;
}

/** Options of one request. */
export interface TRequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: TQuery;
  body?: unknown;
  signal?: AbortSignal;
}

/** GETs started before the page asked for them (see {@link prefetch}), each used once. */
const prefetched = new Map<string, Promise<Response>>();

/**
 * Starts a GET now so the code that needs it later finds it in flight: src/web/boot.ts calls this for
 * the session and the overview's figures before the app's code has even loaded.
 */
export function prefetch(path: string, query?: TQuery): void {
  const url = apiUrl(path, query);
  if (prefetched.has(url)) return;
  const p = fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
  p.catch(() => {}); // a failed prefetch is retried by the real call
  prefetched.set(url, p);
}

async function request<T>(path: string, options: TRequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  let early: Promise<Response> | undefined;
  if (method === "GET") {
    const url = apiUrl(path, options.query);
    early = prefetched.get(url);
    prefetched.delete(url);
  }
  const headers: Record<string, string> = { accept: "application/json" };
  const isForm = typeof FormData !== "undefined" && options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await (early?.catch(() => undefined).then((r) => r ?? fetchNow()) ?? fetchNow());
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError({
      status: 0,
      body: {
        code: "network",
        message: "Không kết nối được máy chủ",
        messageEn: "Cannot reach the server",
      },
    });
  }
  function fetchNow(): Promise<Response> {
    return fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      signal: options.signal,
      body:
        options.body === undefined
          ? undefined
          : isForm
            ? (options.body as FormData)
            : JSON.stringify(options.body),
    });
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: TApiErrorBody } | null)?.error;
    throw new ApiError({
      status: res.status,
      body: err ?? {
        code: `http_${res.status}`,
        message: `Lỗi máy chủ (${res.status})`,
        messageEn: `Server error (${res.status})`,
      },
    });
  }
  const token = (data as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof token === "string") csrfToken = token;
  return data as T;
}

/** The API: `api.get<T>("/units", { q })`, `api.post<T>("/auth/login", body)`, … */
export const api = {
  /** GET JSON. */
  get<T>(path: string, query?: TQuery, signal?: AbortSignal): Promise<T> {
    return request<T>(path, { query, signal });
  },
  /** POST JSON (or FormData). */
  post<T>(path: string, body?: unknown, query?: TQuery): Promise<T> {
    return request<T>(path, { method: "POST", body, query });
  },
  /** PUT JSON. */
  put<T>(path: string, body?: unknown): Promise<T> {
    return request<T>(path, { method: "PUT", body });
  },
  /** PATCH JSON. */
  patch<T>(path: string, body?: unknown): Promise<T> {
    return request<T>(path, { method: "PATCH", body });
  },
  /** DELETE. */
  delete<T>(path: string, body?: unknown): Promise<T> {
    return request<T>(path, { method: "DELETE", body });
  },
  /** Any method with full options. */
  request,
};
