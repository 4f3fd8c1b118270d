import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import viVN from "antd/locale/vi_VN";
import dayjs from "dayjs";
import "dayjs/locale/vi";
import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { AuthProvider } from "./auth.tsx";
import { I18nProvider, useLang } from "./i18n/index.ts";
import { ROUTES } from "./routes.tsx";
import { ScopeProvider } from "./scope.tsx";
import { AppLayout, PageLoading } from "./shell/AppLayout.tsx";
import NotFoundPage from "./shell/NotFoundPage.tsx";

const LoginPage = lazy(() => import("./shell/LoginPage.tsx"));

function Themed(props: { children: ReactNode }): ReactNode {
  const { lang } = useLang();
  useEffect(() => {
    dayjs.locale(lang === "vi" ? "vi" : "en");
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === "vi" ? viVN : enUS}
      theme={{ token: { colorPrimary: "#0b5cad", borderRadius: 6 } }}
    >
      <AntApp>{props.children}</AntApp>
    </ConfigProvider>
  );
}

/** The whole web app: language, theme (vi_VN locale), session, header scope, routes. */
export function App(): ReactNode {
  return (
    <I18nProvider>
      <Themed>
        <BrowserRouter>
          <AuthProvider>
            <ScopeProvider>
              <Routes>
                <Route
                  path="/login"
                  element={
                    <Suspense fallback={<PageLoading />}>
                      <LoginPage />
                    </Suspense>
                  }
                />
                {ROUTES.map((r) => (
                  <Route key={r.path} path={r.path} element={<AppLayout route={r} />} />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </ScopeProvider>
          </AuthProvider>
        </BrowserRouter>
      </Themed>
    </I18nProvider>
  );
}
