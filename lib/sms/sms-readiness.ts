import "server-only";
import type { DbOrTx } from "@/lib/db";
import { loadSmsState } from "./sms-state";
import { requiredSmsKinds, smsTemplateLabels } from "./sms-templates";

export type SmsReadiness = {
  enabled: boolean;
  countryOk: boolean;
  /** The SMS phone sign-in needs; optional ones (portal_update) never make a workspace "not ready". */
  kinds: Record<(typeof requiredSmsKinds)[number], { ready: boolean; problem: string | null }>;
  ready: boolean;
};

/**
 * Whether the workspace can send each SMS now (on, in India, mapped to an approved DLT template that its text
 * matches, links whitelisted), with the first problem in words. User types read it before phone invitations.
 */
export async function getSmsReadiness(db: DbOrTx, p: { workspaceId: string }): Promise<SmsReadiness> {
  const s = await loadSmsState(db, p);
  const kinds = {} as SmsReadiness["kinds"];
  for (const kind of requiredSmsKinds) {
    const first = s.checks[kind].problems[0];
    kinds[kind] = { ready: !first, problem: first ? `${smsTemplateLabels[kind]} SMS: ${first.message}` : null };
  }
  const ready = s.enabled && s.countryOk && requiredSmsKinds.every((k) => kinds[k].ready);
  return { enabled: s.enabled, countryOk: s.countryOk, kinds, ready };
}
