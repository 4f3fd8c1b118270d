import { Button, Result } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { useT } from "../i18n/index.ts";

/** Unknown client-side path. */
export default function NotFoundPage(): ReactNode {
  const t = useT();
  return (
    <Result
      status="404"
      title={t("notFound.title")}
      subTitle={t("notFound.text")}
      extra={
        <Link to="/">
          <Button type="primary">{t("notFound.home")}</Button>
        </Link>
      }
    />
  );
}
