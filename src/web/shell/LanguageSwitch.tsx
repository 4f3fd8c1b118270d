import { Segmented } from "antd";
import type { ReactNode } from "react";
import { type TLang, useLang, useT } from "../i18n/index.ts";

/** VI | EN switch; the choice persists in localStorage. */
export function LanguageSwitch(): ReactNode {
  const { lang, setLang } = useLang();
  const t = useT();
  return (
    <Segmented<TLang>
      size="small"
      aria-label={t("app.language")}
      value={lang}
      onChange={setLang}
      options={[
        { value: "vi", label: "VI" },
        { value: "en", label: "EN" },
      ]}
      data-testid="lang-switch"
    />
  );
}
