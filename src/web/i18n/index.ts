/**
 * UI strings. Vietnamese first, English switch. Each feature keeps its strings in `./<feature>.ts`
 * exporting `{ vi: {...}, en: {...} }`; register it in CATALOGUES below (one line each).
 * Keys are namespaced by feature ("overview.title") so catalogues never collide.
 */
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from "react";
import { collection } from "./collection.ts";
import { common } from "./common.ts";
import { community } from "./community.ts";
import { dashboard } from "./dashboard.ts";
import { designer } from "./designer.ts";
import { evaluation } from "./evaluation.ts";
import { evaluationSetup } from "./evaluation-setup.ts";
import { review } from "./review.ts";
import { security } from "./security.ts";

/** A UI language. */
export type TLang = "vi" | "en";

/** One feature's strings. */
export interface TCatalogue {
  vi: Record<string, string>;
  en: Record<string, string>;
}

/** Every feature catalogue; add yours here. */
const CATALOGUES: TCatalogue[] = [
  common,
  dashboard,
  evaluation,
  evaluationSetup,
  community,
  collection,
  review,
  security,
  designer,
];

const MERGED: Record<TLang, Record<string, string>> = { vi: {}, en: {} };
for (const c of CATALOGUES) {
  Object.assign(MERGED.vi, c.vi);
  Object.assign(MERGED.en, c.en);
}

const STORAGE_KEY = "dxm.lang";

function initialLang(): TLang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === "vi" || saved === "en") return saved;
  } catch {
    // localStorage can be blocked (private mode); Vietnamese is the default anyway.
  }
  return "vi";
}

/** Translates `key`, replacing `{name}` placeholders from `vars`; falls back to Vietnamese, then the key. */
export function translate(lang: TLang, key: string, vars?: Record<string, string | number>): string {
  let s = MERGED[lang][key] ?? MERGED.vi[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** A translation function bound to the current language. */
export type TTranslate = (key: string, vars?: Record<string, string | number>) => string;

interface TI18nState {
  lang: TLang;
  setLang(lang: TLang): void;
}

const I18nContext = createContext<TI18nState>({ lang: "vi", setLang: () => {} });

/** Provides the language state (persisted in localStorage) to the app. */
export function I18nProvider(props: { children: ReactNode }): ReactNode {
  const [lang, setLangState] = useState<TLang>(initialLang);
  const setLang = useCallback((l: TLang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted; the switch still works for this visit
    }
    document.documentElement.lang = l;
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, props.children);
}

/** The current language and its setter. */
export function useLang(): TI18nState {
  return useContext(I18nContext);
}

/** `const t = useT(); t("overview.title")` — the translation function for the current language. */
export function useT(): TTranslate {
  const { lang } = useContext(I18nContext);
  return useCallback((key, vars) => translate(lang, key, vars), [lang]);
}
