import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import type { TUser } from "../../../server/users/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useApi } from "../../useApi.ts";

const ROLES = ["secretariat", "reviewer", "reporter", "leader", "public", "admin"] as const;

interface TUnitOption {
  id: number;
  name: string;
  fullName?: string | null;
}

/** A unit picker that searches /api/units as you type. */
function UnitSelect(props: { value?: number; onChange?: (v: number) => void }): ReactNode {
  const t = useT();
  const [q, setQ] = useState("");
  const units = useApi<{ items: TUnitOption[] }>(q.length >= 2 ? "/units" : null, { q, limit: 20 });
  return (
    <Select
      showSearch
      value={props.value}
      onChange={props.onChange}
      onSearch={setQ}
      filterOption={false}
      placeholder={t("users.unitSearch")}
      options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName ?? u.name }))}
    />
  );
}

interface TAccess {
  id: number;
  at: string;
  event: string;
  actor: string;
  username: string | null;
  ip: string | null;
}

/** /admin/users: accounts in my scope, create with a temporary password, reset, disable; the access log. */
export default function UsersPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const [q, setQ] = useState("");
  const users = useApi<{ items: TUser[]; total: number }>("/users", { q: q || undefined, limit: 200 });
  const access = useApi<{ items: TAccess[] }>("/audit/access", { limit: 50 });
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<{ type: "success" | "error"; text: string } | null>(null);
  const [form] = Form.useForm<{
    username: string;
    displayName: string;
    email?: string;
    phone?: string;
    unitId: number;
    role: (typeof ROLES)[number];
  }>();

  const fail = (e: unknown) =>
    setNotice({ type: "error", text: e instanceof ApiError ? e.text(lang) : String(e) });
  const done = (r: { temporaryPassword?: string }) => {
    if (r.temporaryPassword)
      setNotice({ type: "success", text: t("users.tempPassword", { password: r.temporaryPassword }) });
    users.reload();
    access.reload();
  };

  const create = async () => {
    const v = await form.validateFields();
    try {
      const r = await api.post<{ temporaryPassword: string }>("/users", {
        username: v.username,
        displayName: v.displayName,
        email: v.email || undefined,
        phone: v.phone || undefined,
        unitId: v.unitId,
        roles: [{ role: v.role, unitId: v.unitId }],
      });
      setCreating(false);
      form.resetFields();
      done(r);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("users.title")}</Typography.Title>
      {notice && (
        <Alert
          type={notice.type}
          message={<Typography.Text copyable>{notice.text}</Typography.Text>}
          closable
          onClose={() => setNotice(null)}
        />
      )}
      <Space wrap>
        <Input.Search placeholder={t("users.search")} allowClear onSearch={setQ} style={{ width: 320 }} />
        <Button type="primary" onClick={() => setCreating(true)}>
          {t("users.create")}
        </Button>
      </Space>
      <Table<TUser>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t("users.username"), dataIndex: "username" },
          { title: t("users.displayName"), dataIndex: "displayName" },
          { title: t("users.unit"), dataIndex: "unitName" },
          {
            title: t("users.roles"),
            render: (_v, u) =>
              u.roles.map((r) => (
                <Tag key={r.id}>
                  {t(`role.${r.role}`)} · {r.unitName}
                </Tag>
              )),
          },
          {
            title: t("users.status"),
            render: (_v, u) => (
              <Space size={4} wrap>
                <Tag color={u.status === "active" ? "green" : "default"}>{t(`users.${u.status}`)}</Tag>
                {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
                  <Tag color="red">{t("users.locked")}</Tag>
                )}
                {u.mustChangePassword && <Tag color="gold">{t("users.mustChange")}</Tag>}
              </Space>
            ),
          },
          {
            title: "",
            render: (_v, u) => (
              <Space size={4} wrap>
                <Popconfirm
                  title={t("users.resetConfirm")}
                  onConfirm={() =>
                    api.post<{ temporaryPassword: string }>(`/users/${u.id}/reset-password`).then(done, fail)
                  }
                >
                  <Button size="small">{t("users.reset")}</Button>
                </Popconfirm>
                <Button
                  size="small"
                  danger={u.status === "active"}
                  onClick={() =>
                    api
                      .patch(`/users/${u.id}`, { status: u.status === "active" ? "disabled" : "active" })
                      .then(() => done({}), fail)
                  }
                >
                  {u.status === "active" ? t("users.disable") : t("users.enable")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Card title={t("users.access")} size="small">
        <Table<TAccess>
          rowKey="id"
          size="small"
          loading={access.loading}
          dataSource={access.data?.items ?? []}
          scroll={{ x: 600 }}
          pagination={{ pageSize: 10 }}
          columns={[
            {
              title: t("users.at"),
              dataIndex: "at",
              render: (v: string) => new Date(v).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB"),
            },
            { title: t("users.event"), dataIndex: "event" },
            { title: t("users.username"), dataIndex: "username" },
            { title: t("users.actor"), dataIndex: "actor" },
            { title: t("users.ip"), dataIndex: "ip" },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t("users.create")}
        onOk={create}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ role: "reporter" }}>
          <Form.Item
            name="username"
            label={t("users.username")}
            rules={[{ required: true, pattern: /^[a-zA-Z0-9._-]{3,64}$/ }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t("users.displayName")} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t("users.email")} rules={[{ type: "email" }]}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t("users.phone")}>
            <Input />
          </Form.Item>
          <Form.Item name="unitId" label={t("users.unit")} rules={[{ required: true }]}>
            <UnitSelect />
          </Form.Item>
          <Form.Item name="role" label={t("users.role")} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
