import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Grid, Layout, Menu, Spin, Typography } from "antd";
import { type ReactNode, Suspense, useState } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../auth.tsx";
import { useT } from "../i18n/index.ts";
import { ROUTES, type TRouteEntry } from "../routes.tsx";
import { DemoBanner } from "./DemoBanner.tsx";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import { PeriodPicker } from "./PeriodPicker.tsx";
import { UnitPicker } from "./UnitPicker.tsx";

const BRAND = "#0b5cad";

/** Spinner shown while a lazy page loads. */
export function PageLoading(): ReactNode {
  return (
    <div style={{ padding: 48, textAlign: "center" }}>
      <Spin />
    </div>
  );
}

function SideMenu(props: { onNavigate?: () => void }): ReactNode {
  const t = useT();
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const items = ROUTES.filter((r) => r.menu && can(r.permission)).map((r) => ({
    key: r.path,
    label: t(r.menu!),
  }));
  const selected = ROUTES.filter(
    (r) => r.menu && (r.path === "/" ? location.pathname === "/" : location.pathname.startsWith(r.path)),
  )
    .map((r) => r.path)
    .slice(-1);
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected}
      onClick={(e) => {
        navigate(e.key);
        props.onNavigate?.();
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );
}

/**
 * The signed-in shell: header (brand, unit and period selectors, language, user), side menu that becomes a
 * drawer on phones, and the page. Public routes get a light header without selectors.
 */
export function AppLayout(props: { route: TRouteEntry }): ReactNode {
  const t = useT();
  const { me, logout } = useAuth();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  const isPublic = props.route.permission === "public";

  if (!isPublic && me === undefined) return <PageLoading />;
  if (!isPublic && me === null)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  const page = (
    <Suspense fallback={<PageLoading />}>
      <props.route.component />
    </Suspense>
  );

  const header = (
    <Layout.Header
      style={{
        background: BRAND,
        padding: phone ? "0 8px" : "0 16px",
        display: "flex",
        alignItems: "center",
        gap: 12,
        height: 56,
        lineHeight: "56px",
        position: "sticky",
        top: 0,
        zIndex: 10,
      }}
    >
      {phone && !isPublic && (
        <Button
          type="text"
          aria-label={t("app.menu")}
          icon={<MenuOutlined style={{ color: "#fff" }} />}
          onClick={() => setDrawer(true)}
          data-testid="menu-button"
        />
      )}
      <Link
        to={isPublic ? "/public" : "/"}
        style={{ color: "#fff", whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}
      >
        <Typography.Text strong style={{ color: "#fff", fontSize: phone ? 15 : 17 }}>
          {phone ? t("app.short") : `${t("app.short")} · ${t("app.title")}`}
        </Typography.Text>
      </Link>
      <div style={{ flex: 1 }} />
      {!isPublic && !phone && <UnitPicker style={{ width: 260 }} />}
      {!isPublic && !phone && <PeriodPicker />}
      <LanguageSwitch />
      {me ? (
        <Button size="small" onClick={() => void logout()} data-testid="logout">
          {t("header.logout")}
        </Button>
      ) : (
        <Link to="/login">
          <Button size="small">{t("header.login")}</Button>
        </Link>
      )}
    </Layout.Header>
  );

  if (isPublic) {
    return (
      <Layout style={{ minHeight: "100vh" }}>
        {header}
        <Layout.Content style={{ padding: phone ? 12 : 24, maxWidth: 1200, width: "100%", margin: "0 auto" }}>
          {page}
        </Layout.Content>
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {header}
      <DemoBanner />
      {phone && (
        <div
          style={{ display: "flex", gap: 8, padding: "8px 8px 0", flexWrap: "wrap", background: "#f5f7fa" }}
          data-testid="scope-bar"
        >
          <UnitPicker style={{ flex: "1 1 160px", minWidth: 0 }} />
          <PeriodPicker />
        </div>
      )}
      <Layout>
        {!phone && (
          <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: "1px solid #eef0f3" }}>
            <SideMenu />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: phone ? 8 : 24, minWidth: 0 }}>{page}</Layout.Content>
      </Layout>
      {phone && (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={260}
          title={t("app.short")}
        >
          <SideMenu onNavigate={() => setDrawer(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
