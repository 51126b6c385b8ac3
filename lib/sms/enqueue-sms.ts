import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { sealBody } from "@/lib/messaging/sealed-body";
import { reserveSmsCredits } from "./credits/reserve-sms-credits";
import { renderSms } from "./render-sms";
import { loadSmsState } from "./sms-state";
import { smsTemplateLabels, type SmsTemplateKind, type SmsValues } from "./sms-templates";

export type EnqueueSmsInput = {
  workspaceId: string;
  kind: SmsTemplateKind;
  batchId?: string;
  messages: { to: string; values: SmsValues; meta?: Record<string, unknown> }[];
};

/** Whether an E.164 number may get an SMS from a workspace allowing `countries` (India's mobiles start with 6–9). */
export function smsNumberAllowed(to: string, countries: readonly string[]): boolean {
  if (!/^\+[1-9]\d{7,14}$/.test(to)) return false;
  const n = parsePhoneNumberFromString(to);
  if (!n?.country || !countries.includes(n.country)) return false;
  if (n.country === "IN") return /^\+91[6-9]\d{9}$/.test(to);
  return n.isValid();
}

/**
 * Queues SMS of one kind in the caller's transaction: each is rendered against the workspace's mapping and checked
 * (SMS on, the template mapped and matching its DLT template, the number in an allowed country, every variable within
 * 30 characters, every link whitelisted), then written to the outbox and its credits reserved, all or nothing. Any
 * refusal is an AppError before anything is written; a credit or daily-cap refusal rolls back to a savepoint, so nothing
 * stays queued even when the caller goes on.
 */
export async function enqueueSms(tx: Tx, input: EnqueueSmsInput): Promise<{ id: string }[]> {
  if (input.messages.length === 0) return [];
  const s = await loadSmsState(tx, { workspaceId: input.workspaceId });
  if (!s.countryOk) throw new AppError("SMS_COUNTRY_NOT_IN");
  if (!s.enabled) throw new AppError("SMS_DISABLED");
  const t = s.templates[input.kind];
  const [problem] = s.checks[input.kind].problems;
  const dlt = s.dlts.find((d) => d.id === t.dltTemplateId);
  if (problem || !dlt || !t.senderId || !t.msg91TemplateId || !t.msg91Vars) {
    throw new AppError("SMS_TEMPLATE_NOT_READY", undefined, `The ${smsTemplateLabels[input.kind].toLowerCase()} SMS cannot be sent yet: ${problem?.message ?? "it is not mapped to a DLT template."} Fix it in Settings → SMS.`);
  }
  const countries = s.workspace.sms.countries?.length ? s.workspace.sms.countries : ["IN"];
  const rows: OutgoingMessage[] = input.messages.map((m) => {
    if (!smsNumberAllowed(m.to, countries)) {
      throw new AppError("SMS_COUNTRY_NOT_ALLOWED", "to", `${m.to} is not a mobile number this workspace may text. ${countries.length === 1 && countries[0] === "IN" ? "Use an Indian mobile number (+91, 10 digits starting with 6–9)" : `Numbers from ${countries.join(", ")} only`}, or invite this client by email.`);
    }
    const r = renderSms({ body: t.body, statics: s.statics, values: m.values, dlt, msg91Vars: t.msg91Vars!, whitelist: s.whitelist });
    return {
      workspaceId: input.workspaceId,
      channel: "sms",
      to: m.to,
      text: r.text,
      template: `portal.sms.${input.kind}`,
      batchId: input.batchId,
      credits: r.segments.segments,
      meta: {
        ...m.meta,
        sms: {
          kind: input.kind,
          dltTemplateId: dlt.templateId,
          senderId: t.senderId,
          msg91TemplateId: t.msg91TemplateId,
          segments: r.segments.segments,
          encoding: r.segments.encoding,
          // The variables hold codes and link tokens, so they are sealed at rest like the text.
          vars: sealBody(JSON.stringify(r.vars)),
        },
      },
    };
  });
  // In a savepoint: when the credits or the daily cap refuse, the rows just written go too, even if the caller
  // catches the error and commits the rest of its transaction.
  return tx.transaction(async (sp) => {
    const ids = await enqueueMessages(sp, rows);
    await reserveSmsCredits(sp, { workspaceId: input.workspaceId, messages: ids.map((m, k) => ({ id: m.id, credits: rows[k].credits ?? 1 })) });
    return ids;
  });
}
