import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { dltTemplates, senderIds, smsCreditBalances, smsTemplates, urlWhitelist, workspaces } from "@/lib/db/schema";

/** The workspace's name, country, branding and SMS settings: what SMS rules and static merge fields read. */
export async function getSmsWorkspace(db: DbOrTx, p: { workspaceId: string }) {
  const [row] = await db
    .select({
      id: workspaces.id,
      slug: workspaces.slug,
      name: workspaces.name,
      country: workspaces.country,
      branding: workspaces.branding,
      sms: workspaces.smsSettings,
      security: workspaces.securitySettings,
    })
    .from(workspaces)
    .where(eq(workspaces.id, p.workspaceId));
  return row ?? null;
}

/** The workspace's sender IDs (DLT headers), in alphabetical order. */
export async function listSenderIds(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select({ id: senderIds.id, senderId: senderIds.senderId, entityId: senderIds.entityId })
    .from(senderIds)
    .where(eq(senderIds.workspaceId, p.workspaceId))
    .orderBy(asc(senderIds.senderId));
}

const dltColumns = {
  id: dltTemplates.id,
  templateId: dltTemplates.templateId,
  name: dltTemplates.name,
  senderId: dltTemplates.senderId,
  content: dltTemplates.content,
  contentType: dltTemplates.contentType,
  status: dltTemplates.status,
};

/** The DLT templates imported for the workspace, by name. */
export async function listDltTemplates(db: DbOrTx, p: { workspaceId: string }) {
  return db.select(dltColumns).from(dltTemplates).where(eq(dltTemplates.workspaceId, p.workspaceId)).orderBy(asc(dltTemplates.name), asc(dltTemplates.templateId));
}

/** One of the workspace's DLT templates, by our row id or by its DLT template ID; null if it is not this workspace's. */
export async function getDltTemplate(db: DbOrTx, p: { workspaceId: string; id?: string; templateId?: string }) {
  if (!p.id && !p.templateId) return null;
  const [row] = await db
    .select(dltColumns)
    .from(dltTemplates)
    .where(and(eq(dltTemplates.workspaceId, p.workspaceId), p.id ? eq(dltTemplates.id, p.id) : eq(dltTemplates.templateId, p.templateId!)));
  return row ?? null;
}

const smsTemplateColumns = {
  id: smsTemplates.id,
  kind: smsTemplates.kind,
  body: smsTemplates.body,
  dltTemplateId: smsTemplates.dltTemplateId,
  senderId: smsTemplates.senderId,
  msg91TemplateId: smsTemplates.msg91TemplateId,
  msg91Vars: smsTemplates.msg91Vars,
};

/** The SMS templates the workspace saved (kinds it never saved are absent: they use our default text, unmapped). */
export async function listSavedSmsTemplates(db: DbOrTx, p: { workspaceId: string }) {
  return db.select(smsTemplateColumns).from(smsTemplates).where(eq(smsTemplates.workspaceId, p.workspaceId));
}

/** The workspace's URL whitelist, oldest first. */
export async function listWhitelist(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select({ id: urlWhitelist.id, url: urlWhitelist.url, kind: urlWhitelist.kind })
    .from(urlWhitelist)
    .where(eq(urlWhitelist.workspaceId, p.workspaceId))
    .orderBy(asc(urlWhitelist.createdAt), asc(urlWhitelist.id));
}

/** The SMS credit balance (0 before the first top-up). */
export async function getSmsBalance(db: DbOrTx, p: { workspaceId: string }): Promise<number> {
  const [row] = await db.select({ balance: smsCreditBalances.balance }).from(smsCreditBalances).where(eq(smsCreditBalances.workspaceId, p.workspaceId));
  return row?.balance ?? 0;
}

/** How many of the workspace's SMS templates go out under this sender ID. */
export async function countSmsTemplatesUsingSender(db: DbOrTx, p: { workspaceId: string; senderId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(smsTemplates)
    .where(and(eq(smsTemplates.workspaceId, p.workspaceId), eq(smsTemplates.senderId, p.senderId)));
  return row?.n ?? 0;
}
