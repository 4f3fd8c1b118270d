/** Unit tree browser: expand from the provinces down, import an official list, add a department. */
import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Form, Input, Modal, Space, Tree, Typography } from "antd";
import { type ReactNode, useRef, useState } from "react";
import type { TUnit } from "../../../server/units/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { errText } from "./shared.tsx";

type TNode = { key: number; title: string; isLeaf: boolean; children?: TNode[] };

const toNode = (u: TUnit): TNode => ({
  key: u.id,
  title: `${u.fullName ?? u.name} (${u.code})`,
  isLeaf: (u.childCount ?? 0) === 0,
});

function attach(nodes: TNode[], key: number, children: TNode[]): TNode[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children }
      : n.children
        ? { ...n, children: attach(n.children, key, children) }
        : n,
  );
}

/** Units page. */
export default function UnitsPage(): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const scope = useScope();
  const [tree, setTree] = useState<TNode[] | null>(null);
  const [errors, setErrors] = useState<Array<{ ref: string; message: string; messageEn: string }> | null>(
    null,
  );
  const [dept, setDept] = useState(false);
  const [form] = Form.useForm();
  const input = useRef<HTMLInputElement>(null);

  const loadTop = async () => {
    const r = await api.get<{ items: TUnit[] }>("/units/tree");
    setTree(r.items.map(toNode));
  };
  if (tree === null) void loadTop().catch(() => setTree([]));

  const importFile = async (file: File) => {
    setErrors(null);
    const fd = new FormData();
    fd.append("file", file);
    try {
      const r = await api.post<{ inserted: number; updated: number; unchanged: number }>("/units/import", fd);
      message.success(t("dz.imported", r));
      await loadTop();
    } catch (e) {
      const details = (e as { body?: { details?: { errors?: typeof errors } } }).body?.details;
      if (details?.errors) setErrors(details.errors);
      message.error(errText(e, lang));
    }
  };
  const createDept = async () => {
    const v = await form.validateFields();
    try {
      await api.post("/units/departments", { ...v, provinceId: scope.unitId });
      message.success(t("dz.saved"));
      setDept(false);
      form.resetFields();
      await loadTop();
    } catch (e) {
      message.error(errText(e, lang));
    }
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("dz.units")}
        </Typography.Title>
        <Space wrap>
          <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
            {t("dz.importUnits")}
          </Button>
          <input
            ref={input}
            type="file"
            accept=".json,.csv"
            hidden
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importFile(f);
              e.target.value = "";
            }}
          />
          <Button icon={<PlusOutlined />} onClick={() => setDept(true)} disabled={!scope.unitId}>
            {t("dz.newDepartment")}
          </Button>
        </Space>
      </Space>
      {errors ? (
        <Alert
          type="error"
          message={t("app.error")}
          description={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {errors.slice(0, 30).map((e) => (
                <li key={`${e.ref}-${e.message}`}>
                  {e.ref}: {lang === "vi" ? e.message : e.messageEn}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Tree
        treeData={tree ?? []}
        loadData={async (node) => {
          const r = await api.get<{ items: TUnit[] }>(`/units/${node.key}/children`, { limit: 1000 });
          setTree((cur) => attach(cur ?? [], node.key as number, r.items.map(toNode)));
        }}
      />
      <Modal
        open={dept}
        title={t("dz.newDepartment")}
        onCancel={() => setDept(false)}
        onOk={createDept}
        okText={t("dz.create")}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="code"
            label={t("dz.code")}
            rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{1,20}$/ }]}
          >
            <Input placeholder="99-SOCDS" />
          </Form.Item>
          <Form.Item name="name" label={t("dz.name")} rules={[{ required: true, min: 3 }]}>
            <Input placeholder="Sở Chuyển đổi số" />
          </Form.Item>
          <Form.Item name="nameEn" label={t("dz.nameEn")}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
