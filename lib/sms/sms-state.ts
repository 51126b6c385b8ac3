import "server-only";
// Everything the SMS rules read for one workspace, loaded once: the settings page, readiness, saving and sending all
// decide from this and the pure checks, so they cannot disagree.
import type { DbOrTx } from "@/lib/db";
import { getSmsWorkspace, listDltTemplates, listSavedSmsTemplates, listSenderIds, listWhitelist } from "@/lib/db/queries/sms";
import { AppError } from "@/lib/errors";
import { portalUrl } from "@/lib/portal/portal-url";
import { checkSmsMapping, type DltTemplateView, type SmsMappingCheck } from "./sms-mapping";
import { defaultSmsTemplates, smsTemplateKinds, type SmsStaticValues, type SmsTemplateKind } from "./sms-templates";
import type { WhitelistEntry } from "./whitelist";

export type SmsTemplateState = {
  kind: SmsTemplateKind;
  body: string;
  customised: boolean;
  dltTemplateId: string | null;
  senderId: string | null;
  msg91TemplateId: string | null;
  msg91Vars: string[] | null;
};

export type SmsState = {
  workspace: NonNullable<Awaited<ReturnType<typeof getSmsWorkspace>>>;
  enabled: boolean;
  countryOk: boolean;
  portalUrl: string;
  statics: SmsStaticValues;
  senderIds: { id: string; senderId: string; entityId: string | null }[];
  whitelist: (WhitelistEntry & { id: string })[];
  dlts: DltTemplateView[];
  templates: Record<SmsTemplateKind, SmsTemplateState>;
  checks: Record<SmsTemplateKind, SmsMappingCheck>;
};

/** The static merge fields' values: the same words every SMS of the workspace carries as fixed text. */
export function smsStatics(ws: { name: string; branding: { portalName?: string; supportEmail?: string } }, url: string): SmsStaticValues {
  return {
    "workspace.name": ws.branding.portalName?.trim() || ws.name,
    "portal.url": url,
    "portal.host": new URL(url).hostname,
    "support.email": ws.branding.supportEmail ?? "",
  };
}

/** Loads a workspace's SMS set-up and checks each template's mapping. */
export async function loadSmsState(db: DbOrTx, p: { workspaceId: string }): Promise<SmsState> {
  const workspace = await getSmsWorkspace(db, p);
  if (!workspace) throw new AppError("WORKSPACE_NOT_FOUND");
  const [url, senders, whitelist, dlts, saved] = await Promise.all([
    portalUrl(db, workspace),
    listSenderIds(db, p),
    listWhitelist(db, p),
    listDltTemplates(db, p),
    listSavedSmsTemplates(db, p),
  ]);
  const statics = smsStatics(workspace, url);
  const byKind = new Map(saved.map((r) => [r.kind, r]));
  const templates = {} as Record<SmsTemplateKind, SmsTemplateState>;
  const checks = {} as Record<SmsTemplateKind, SmsMappingCheck>;
  const wl = whitelist.map((w) => ({ ...w, kind: w.kind === "dynamic" ? ("dynamic" as const) : ("static" as const) }));
  for (const kind of smsTemplateKinds) {
    const row = byKind.get(kind);
    const t: SmsTemplateState = row
      ? { kind, body: row.body, customised: true, dltTemplateId: row.dltTemplateId, senderId: row.senderId, msg91TemplateId: row.msg91TemplateId, msg91Vars: row.msg91Vars }
      : { kind, body: defaultSmsTemplates[kind], customised: false, dltTemplateId: null, senderId: null, msg91TemplateId: null, msg91Vars: null };
    templates[kind] = t;
    checks[kind] = checkSmsMapping({
      kind,
      body: t.body,
      statics,
      dlt: dlts.find((d) => d.id === t.dltTemplateId) ?? null,
      senderId: t.senderId,
      senderIds: senders.map((s) => s.senderId),
      msg91TemplateId: t.msg91TemplateId,
      msg91Vars: t.msg91Vars,
      whitelist: wl,
    });
  }
  return {
    workspace,
    enabled: workspace.sms.enabled === true,
    countryOk: workspace.country === "IN",
    portalUrl: url,
    statics,
    senderIds: senders,
    whitelist: wl,
    dlts,
    templates,
    checks,
  };
}
