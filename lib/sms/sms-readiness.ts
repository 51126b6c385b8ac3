import "server-only";
// PLACEHOLDER until the sms part lands (replaced wholesale at merge).
import type { DbOrTx } from "@/lib/db";
import { smsTemplateKinds, type SmsTemplateKind } from "./sms-templates";

export type SmsReadiness = {
  enabled: boolean;
  countryOk: boolean;
  kinds: Record<SmsTemplateKind, { ready: boolean; problem: string | null }>;
  ready: boolean;
};

export async function getSmsReadiness(_db: DbOrTx, _p: { workspaceId: string }): Promise<SmsReadiness> {
  const kinds = Object.fromEntries(smsTemplateKinds.map((k) => [k, { ready: false, problem: "Not mapped yet." }])) as SmsReadiness["kinds"];
  return { enabled: false, countryOk: false, kinds, ready: false };
}
