import {
  DownloadOutlined,
  EditOutlined,
  LineChartOutlined,
  PlusOutlined,
  UploadOutlined,
} from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, List, Select, Space, Spin, Tag, Typography } from "antd";
import { type ReactNode, useRef, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { formatNumber } from "../../../core/vn-number.ts";
import type {
  TCommuneRegistry,
  TCoverage,
  TImportIssue,
  TImportResult,
  TTeam,
} from "../../../server/teams/schemas.ts";
import { ApiError, api } from "../../api.ts";
import { useLang, useT } from "../../i18n/index.ts";
import { useScope } from "../../scope.tsx";
import { useApi } from "../../useApi.ts";
import { ActivityDrawer, type TEditTarget, TeamDrawer } from "./TeamDrawer.tsx";

const STATUS_TAG = { active: "green", inactive: "orange", dissolved: "default" } as const;

function toBase64(buf: ArrayBuffer): string {
  let s = "";
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Import/export of the commune's workbook; a rejected file lists every row's problem. */
function ImportExport(props: { communeId: number; onImported(): void }): ReactNode {
  const t = useT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [issues, setIssues] = useState<TImportIssue[] | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setBusy(true);
    setIssues(null);
    try {
      const r = await api.post<TImportResult>(`/teams/communes/${props.communeId}/import`, {
        fileBase64: toBase64(await file.arrayBuffer()),
      });
      message.success(
        t("cns.importOk", {
          created: r.teamsCreated,
          updated: r.teamsUpdated,
          added: r.membersAdded,
          left: r.membersLeft,
        }),
      );
      props.onImported();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const list = (e.body.details as { issues?: TImportIssue[] } | undefined)?.issues;
      setIssues(
        list ?? [{ row: 0, field: e.body.field ?? "", message: e.body.message, messageEn: e.body.messageEn }],
      );
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };
  return (
    <div>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          href={`/api/teams/communes/${props.communeId}/export.xlsx`}
          data-testid="export"
        >
          {t("cns.export")}
        </Button>
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
          {t("cns.import")}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".xlsx"
          hidden
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
      </Space>
      {issues && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="import-errors"
          title={t("cns.importErrors")}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {issues.map((i) => (
                <li key={`${i.row}-${i.field}-${i.message}`}>
                  {i.row > 0 ? `${t("cns.row", { row: i.row })}: ` : ""}
                  {lang === "vi" ? i.message : i.messageEn}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}

function TeamLine(props: { team: TTeam }): ReactNode {
  const t = useT();
  const { team } = props;
  return (
    <div>
      <div style={{ fontWeight: 500 }}>{team.name}</div>
      <Space size={4} wrap>
        <Tag color={STATUS_TAG[team.status]}>{t(`cns.status.${team.status}`)}</Tag>
        <Typography.Text type="secondary">
          {t("cns.membersN", { n: formatNumber(team.memberCount) })}
        </Typography.Text>
        {team.leaderName && (
          <Typography.Text type="secondary">
            · {t("cns.leader")}: {team.leaderName}
          </Typography.Text>
        )}
      </Space>
      {team.members && team.members.length > 0 && (
        <div style={{ fontSize: 12, color: "#57606a", marginTop: 4 }} data-testid="member-names">
          {team.members.map((m) => `${m.fullName}${m.phone ? ` (${m.phone})` : ""}`).join(", ")}
        </div>
      )}
    </div>
  );
}

/** Which commune: ?commune=, else the selected unit when it is a commune, else a picker of the unit's communes. */
function useCommuneId(): { communeId: number | null; picker: ReactNode } {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const { unitId } = useScope();
  const fromUrl = Number(params.get("commune")) || null;
  const unit = useApi<{ id: number; kind: string }>(fromUrl === null && unitId ? `/units/${unitId}` : null);
  const isCommune = unit.data?.kind === "commune";
  const coverage = useApi<TCoverage>(fromUrl === null && unit.data && !isCommune ? "/teams/coverage" : null, {
    unitId: unitId ?? undefined,
  });
  const communeId = fromUrl ?? (isCommune ? (unit.data?.id ?? null) : null);
  const picker =
    coverage.data && coverage.data.communes.length > 0 ? (
      <Select
        showSearch
        optionFilterProp="label"
        style={{ width: "100%", maxWidth: 420 }}
        placeholder={t("cns.pickCommune")}
        value={fromUrl ?? undefined}
        onChange={(v: number) => setParams({ commune: String(v) })}
        options={coverage.data.communes.map((c) => ({ value: c.communeId, label: c.name }))}
        data-testid="commune-picker"
      />
    ) : null;
  return { communeId, picker };
}

/** A commune's team registry, maintained on a phone: villages with/without a team, add/edit, activities. */
export default function RegistryPage(): ReactNode {
  const t = useT();
  const { message } = App.useApp();
  const { communeId, picker } = useCommuneId();
  const r = useApi<TCommuneRegistry>(communeId ? `/teams/communes/${communeId}` : null);
  const [edit, setEdit] = useState<TEditTarget | null>(null);
  const [activity, setActivity] = useState<TTeam | null>(null);

  if (!communeId)
    return (
      <Card title={t("cns.registryTitle")}>{picker ?? <Empty description={t("cns.pickCommune")} />}</Card>
    );
  if (r.loading && !r.data) return <Spin style={{ display: "block", margin: 40 }} />;
  if (r.error) return <Alert type="error" showIcon title={r.error.body.message} />;
  const reg = r.data;
  if (!reg) return null;
  const saved = () => {
    setEdit(null);
    setActivity(null);
    message.success(t("cns.saved"));
    r.reload();
  };
  return (
    <div style={{ maxWidth: 900 }}>
      {picker && <div style={{ marginBottom: 12 }}>{picker}</div>}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("cns.registryTitle")} — {reg.commune.name}
        </Typography.Title>
        <Space size="large" wrap style={{ marginTop: 8 }} data-testid="registry-totals">
          <span>
            <b>{formatNumber(reg.totals.teams)}</b> {t("cns.teams").toLowerCase()}
          </span>
          <span>
            <b>{formatNumber(reg.totals.members)}</b> {t("cns.members").toLowerCase()}
          </span>
          <span data-testid="villages-with">
            {t("cns.villagesWith", { with: reg.totals.villagesWithTeam, total: reg.totals.villages })}
          </span>
        </Space>
        {!reg.personalVisible && (
          <Alert type="info" showIcon style={{ marginTop: 8 }} title={t("cns.personalHidden")} />
        )}
        {reg.canWrite && (
          <div style={{ marginTop: 12 }}>
            <ImportExport communeId={reg.commune.id} onImported={r.reload} />
          </div>
        )}
      </Card>
      <List
        dataSource={reg.units.filter((u) => u.kind === "village" || u.team)}
        data-testid="village-list"
        renderItem={(u) => (
          <List.Item
            data-testid={`village-${u.code}`}
            style={{
              background: "#fff",
              padding: 12,
              marginBottom: 8,
              borderRadius: 8,
              flexWrap: "wrap",
              gap: 8,
            }}
          >
            <div style={{ flex: "1 1 220px", minWidth: 0 }}>
              <Typography.Text strong>
                {u.kind === "commune" ? t("cns.communeLevel") : u.name}
              </Typography.Text>
              <div>{u.team ? <TeamLine team={u.team} /> : <Tag color="red">{t("cns.noTeam")}</Tag>}</div>
            </div>
            {reg.canWrite && (
              <Space wrap>
                {u.team ? (
                  <>
                    <Button
                      icon={<EditOutlined />}
                      onClick={() => setEdit({ unitId: u.unitId, unitName: u.name, team: u.team })}
                      data-testid={`edit-${u.code}`}
                    >
                      {t("cns.edit")}
                    </Button>
                    <Button
                      icon={<LineChartOutlined />}
                      onClick={() => setActivity(u.team)}
                      data-testid={`activity-${u.code}`}
                    >
                      {t("cns.activity")}
                    </Button>
                  </>
                ) : (
                  <Button
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() => setEdit({ unitId: u.unitId, unitName: u.name, team: null })}
                    data-testid={`add-${u.code}`}
                  >
                    {t("cns.addTeam")}
                  </Button>
                )}
              </Space>
            )}
          </List.Item>
        )}
      />
      <TeamDrawer target={edit} onClose={() => setEdit(null)} onSaved={saved} />
      <ActivityDrawer team={activity} onClose={() => setActivity(null)} onSaved={saved} />
    </div>
  );
}
