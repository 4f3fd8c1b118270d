/** Pieces shared by the collection pages: state tags, raw file upload with the CSRF header, local drafts. */
import { Tag } from "antd";
import { del, get, set } from "idb-keyval";
import type { ReactNode } from "react";
import { ApiError, type TApiErrorBody } from "../../api.ts";
import { useT } from "../../i18n/index.ts";

const STATE_COLOR: Record<string, string> = {
  not_started: "default",
  draft: "blue",
  submitted: "gold",
  returned: "red",
  approved: "green",
  locked: "purple",
};

/** A workflow state as a coloured tag. */
export function StateTag(props: { state: string }): ReactNode {
  const t = useT();
  return (
    <Tag color={STATE_COLOR[props.state] ?? "default"} data-testid="state-tag">
      {t(`col.state.${props.state}`)}
    </Tag>
  );
}

function csrf(): string | undefined {
  const m = /(?:^|;\s*)dxm_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** POSTs a file as the raw request body; returns the JSON answer, or throws ApiError (with `details` / body). */
export async function uploadRaw<T>(url: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": file.type || "application/octet-stream", "x-csrf-token": csrf() ?? "" },
      body: file,
    });
  } catch {
    throw new ApiError({
      status: 0,
      body: { code: "network", message: "Không kết nối được máy chủ", messageEn: "Cannot reach the server" },
    });
  }
  const data = (await res.json().catch(() => null)) as (T & { error?: TApiErrorBody }) | null;
  if (!res.ok) {
    if (data && !data.error)
      throw new ApiError({
        status: res.status,
        body: { code: "rows", message: "", messageEn: "", details: data },
      });
    throw new ApiError({
      status: res.status,
      body: data?.error ?? {
        code: `http_${res.status}`,
        message: `Lỗi máy chủ (${res.status})`,
        messageEn: `Server error (${res.status})`,
      },
    });
  }
  return data as T;
}

/** Unsent edits of one submission, kept in IndexedDB so a lost connection or a closed tab loses nothing. */
export interface TLocalDraft {
  values: Record<
    string,
    { numerator?: number | null; denominator?: number | null; value?: number | null; comment?: string | null }
  >;
  narrative: Record<string, string>;
  savedAt: string;
}

const key = (submissionId: number) => `dxm.collection.draft.${submissionId}`;

/** Reads the unsent edits of a submission (undefined when none or when IndexedDB is unavailable). */
export async function readLocalDraft(submissionId: number): Promise<TLocalDraft | undefined> {
  try {
    return await get<TLocalDraft>(key(submissionId));
  } catch {
    return undefined;
  }
}

/** Keeps the unsent edits; an empty draft removes the entry. */
export async function writeLocalDraft(submissionId: number, draft: TLocalDraft): Promise<void> {
  try {
    if (Object.keys(draft.values).length === 0 && Object.keys(draft.narrative).length === 0)
      await del(key(submissionId));
    else await set(key(submissionId), draft);
  } catch {
    // IndexedDB blocked (private mode): the in-memory copy still retries while the page is open.
  }
}
