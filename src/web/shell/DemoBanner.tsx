import { Alert } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n/index.ts";
import { useScope } from "../scope.tsx";

/** A banner on every page whose selected unit belongs to the fictional demo province. */
export function DemoBanner(): ReactNode {
  const t = useT();
  const { unitId } = useScope();
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let cancelled = false;
    if (unitId === null) return;
    api
      .get<{ isDemo: boolean }>(`/units/${unitId}`)
      .then((u) => {
        if (!cancelled) setDemo(u.isDemo);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [unitId]);
  if (!demo) return null;
  return <Alert type="warning" banner title={t("demo.banner")} data-testid="demo-banner" />;
}
