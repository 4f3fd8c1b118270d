import { InputNumber, type InputNumberProps } from "antd";
import type { ReactNode } from "react";
import { useLang } from "../i18n/index.ts";

/**
 * A number field that types like the user's language: "36,8" in Vietnamese, "36.8" in English, and a
 * decimal keypad on phones.
 */
export function DecimalInput(props: InputNumberProps<number>): ReactNode {
  const { lang } = useLang();
  return <InputNumber<number> inputMode="decimal" decimalSeparator={lang === "vi" ? "," : "."} {...props} />;
}
