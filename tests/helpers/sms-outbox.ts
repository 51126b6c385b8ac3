import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { messages } from "@/lib/db/schema";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { sealBody } from "@/lib/messaging/sealed-body";
import { reserveSmsCredits } from "@/lib/sms/credits/reserve-sms-credits";

export type QueuedSms = { to: string; template?: string; vars?: Record<string, string>; credits?: number };

/**
 * SMS rows as enqueueSms writes them (the SMS part's renderer is not under test here): the rendered text sealed, the
 * `meta.sms` of contracts.md with the MSG91 variables sealed, the segments as credits, reserved in the same transaction.
 */
export async function queueSms(db: Db, workspaceId: string, list: QueuedSms[]) {
  return db.transaction(async (tx) => {
    const rows = await enqueueMessages(
      tx,
      list.map((m) => ({
        workspaceId,
        channel: "sms" as const,
        to: m.to,
        text: `Your Acme sign-in code is ${m.vars?.code ?? "123456"}.`,
        template: "portal.sms.sign_in_code",
        meta: {
          sms: {
            kind: "sign_in_code",
            dltTemplateId: "1207161234567890123",
            senderId: "ACMEIN",
            msg91TemplateId: m.template ?? "65f0c0de1a2b3c4d5e6f7a8b",
            segments: m.credits ?? 1,
            encoding: "gsm7",
            vars: sealBody(JSON.stringify(m.vars ?? { code: "123456" })),
          },
        },
      })),
    );
    for (const [i, r] of rows.entries()) await tx.update(messages).set({ credits: list[i].credits ?? 1 }).where(eq(messages.id, r.id));
    await reserveSmsCredits(tx, { workspaceId, messages: rows.map((r, i) => ({ id: r.id, credits: list[i].credits ?? 1 })) });
    return rows;
  });
}
