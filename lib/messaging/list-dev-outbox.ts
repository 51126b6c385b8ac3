import "server-only";
import type { Db } from "@/lib/db";
import { listRecentMessages } from "@/lib/db/queries/messages";
import { smsFactsOf } from "@/lib/sms/sms-facts";
import { extractLinks } from "./links";
import { openMessage } from "./sealed-body";

/** The dev outbox: every message, newest first, opened, with the links it holds made easy to click. */
export async function listDevOutbox(db: Db, p: Parameters<typeof listRecentMessages>[1]) {
  return (await listRecentMessages(db, p)).map((sealed) => {
    const m = openMessage(sealed);
    return { ...m, sms: m.channel === "sms" ? smsFactsOf(m.sms) : null, links: extractLinks(m.text, m.html) };
  });
}
