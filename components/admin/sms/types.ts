import type { DltTemplateView } from "@/lib/sms/sms-mapping";
import type { SmsTemplateState } from "@/lib/sms/sms-state";
import type { SmsStaticValues } from "@/lib/sms/sms-templates";
import type { WhitelistEntry } from "@/lib/sms/whitelist";

export type SenderIdView = { id: string; senderId: string; entityId: string | null };
export type WhitelistView = WhitelistEntry & { id: string };
export type SmsTemplateView = SmsTemplateState;
/** What the template editor checks against as the admin types (the same data the server decides with). */
export type SmsEditorContext = {
  statics: SmsStaticValues;
  dlts: DltTemplateView[];
  senderIds: string[];
  whitelist: WhitelistEntry[];
};
export type ChecklistItem = { label: string; done: boolean; detail?: string; href?: string };
