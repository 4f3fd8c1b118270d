import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { useLang, useT } from "../i18n/index.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

/** /login: username + password → POST /api/auth/login, then back to where the user was going. */
export default function LoginPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values);
      const next = params.get("next");
      navigate(next?.startsWith("/") ? next : "/", { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : t("login.failed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: "100vh",
        display: "grid",
        placeItems: "center",
        padding: 16,
        background: "#f0f4f8",
      }}
    >
      <Card style={{ width: "100%", maxWidth: 380 }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <Typography.Text strong style={{ color: "#0b5cad" }}>
            {t("app.short")}
          </Typography.Text>
          <LanguageSwitch />
        </div>
        <Typography.Title level={3} style={{ marginTop: 12 }}>
          {t("app.title")}
        </Typography.Title>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} showIcon role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t("login.username")}
            rules={[{ required: true, message: t("login.required") }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("login.password")}
            rules={[{ required: true, message: t("login.required") }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login.submit")}
          </Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: "center" }}>
          <Link to="/public">{t("login.public")}</Link>
        </div>
      </Card>
    </div>
  );
}
