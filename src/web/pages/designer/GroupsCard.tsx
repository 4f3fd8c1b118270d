/**
 * A plan's groups of targets ("Nhóm chỉ tiêu"): each with its pillar and how many targets it holds,
 * and a dialog that adds one (POST /plans/:id/groups), so a target can then be filed under it.
 */
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Tag } from "antd";
import { type ReactNode, useRef, useState } from "react";
import type { TPillar, TPlanGroup, TPlanGroupInput } from "../../../server/plans/schemas.ts";
import { api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { errText, pillarOptions } from "./shared.tsx";

/** Props of {@link GroupsCard}. */
export interface TGroupsCardProps {
  planId: number;
  readOnly: boolean;
  groups: TPlanGroup[];
  pillars: TPillar[];
  /** Targets per group id. */
  counts: Map<number, number>;
  onAdded: () => void;
}

/** The groups of a plan, with an "add group" dialog for the secretariat. */
export function GroupsCard(props: TGroupsCardProps): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  // A ref, not the state: both clicks of a double click run before the state re-renders.
  const busy = useRef(false);
  const [form] = Form.useForm<TPlanGroupInput>();
  const pillarSuffix = (id: number | null) => {
    const p = props.pillars.find((x) => x.id === id);
    return p ? ` · ${lang === "vi" ? p.name : p.nameEn}` : "";
  };
  const save = async () => {
    // One request at a time: a double click must not add the group twice.
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    try {
      const v = await form.validateFields().catch(() => undefined);
      if (!v) return;
      await api.post(`/plans/${props.planId}/groups`, { ...v, sort: props.groups.length });
      message.success(t("dz.saved"));
      setOpen(false);
      form.resetFields();
      props.onAdded();
    } catch (e) {
      message.error(errText(e, lang));
    } finally {
      busy.current = false;
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={`${t("dz.groups")} (${props.groups.length})`}
      extra={
        <Button
          icon={<PlusOutlined />}
          disabled={props.readOnly}
          onClick={() => setOpen(true)}
          data-testid="add-group"
        >
          {t("dz.addGroup")}
        </Button>
      }
    >
      {props.groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dz.noGroups")} />
      ) : (
        <Space wrap>
          {props.groups.map((g) => (
            <Tag key={g.id} data-testid="group-tag">
              <b>{g.code}</b> {lang === "en" && g.nameEn ? g.nameEn : g.name}
              {pillarSuffix(g.pillarId)} · {t("dz.groupTargets", { n: props.counts.get(g.id) ?? 0 })}
            </Tag>
          ))}
        </Space>
      )}
      <Modal
        open={open}
        title={t("dz.addGroup")}
        onCancel={() => setOpen(false)}
        onOk={save}
        okText={t("dz.save")}
        confirmLoading={saving}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="code"
            label={t("dz.code")}
            rules={[{ required: true, pattern: /^[\p{L}\p{N}_.-]{1,20}$/u, message: t("dz.groupCodeRule") }]}
          >
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t("dz.name")}
            rules={[{ required: true, whitespace: true, max: 300 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t("dz.nameEn")} rules={[{ max: 300 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="pillarId" label={t("dz.pillar")}>
            <Select allowClear options={pillarOptions(props.pillars, lang)} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
