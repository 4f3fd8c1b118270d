import { Alert, Button, Card, Form, Input, List, Space, Typography } from "antd";
import { type ReactNode, useState } from "react";
import type { TMe } from "../../../server/auth/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useAuth } from "../../auth.tsx";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";

/** /account: my roles and scope, change my password (required after a temporary one), sign out everywhere. */
export default function AccountPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { logout } = useAuth();
  const me = useApi<TMe>("/auth/me");
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; repeat: string }>();
  const [message, setMessage] = useState<{ type: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.post("/auth/password", { currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      setMessage({ type: "success", text: t("account.changed") });
      me.reload();
    } catch (e) {
      setMessage({ type: "error", text: e instanceof ApiError ? e.text(lang) : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: "100%", maxWidth: 560 }}>
      <Typography.Title level={2}>{t("account.title")}</Typography.Title>
      {me.data?.user.mustChangePassword && (
        <Alert type="warning" showIcon message={t("account.mustChange")} />
      )}
      <Card title={t("account.change")} size="small">
        <Form form={form} layout="vertical" onFinish={change} requiredMark={false}>
          <Form.Item name="currentPassword" label={t("account.current")} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t("account.new")}
            extra={t("account.rules")}
            rules={[{ required: true, min: 10 }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t("account.repeat")}
            dependencies={["newPassword"]}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_r, value) =>
                  value === getFieldValue("newPassword")
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("account.mismatch"))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {message && <Alert type={message.type} message={message.text} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("account.change")}
          </Button>
        </Form>
      </Card>
      {me.data && (
        <Card title={t("account.roles")} size="small">
          <List
            dataSource={me.data.roles}
            renderItem={(r) => (
              <List.Item>
                {t(`role.${r.role}`)} — {r.unitName ?? r.unitId}
              </List.Item>
            )}
          />
        </Card>
      )}
      <Button
        danger
        onClick={async () => {
          await api.post("/auth/logout-all");
          await logout().catch(() => undefined);
          window.location.assign("/login");
        }}
      >
        {t("account.logoutAll")}
      </Button>
    </Space>
  );
}
