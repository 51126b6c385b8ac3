import "server-only";
import { desc, lt, or, and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { messages } from "@/lib/db/schema";
import { extractLinks } from "@/lib/messaging/links";
import { openMessage } from "@/lib/messaging/sealed-body";
import { unstorableChar } from "@/lib/validation/storable-text";

/** Newest first, keyset by (createdAt, id), for the dev outbox page and its JSON twin. */
export async function listOutbox(db: Db, p: { limit: number; to?: string; before?: { createdAt: Date; id: string } }) {
  const rows = await db
    .select({
      id: messages.id,
      channel: messages.channel,
      to: messages.to,
      subject: messages.subject,
      text: messages.text,
      html: messages.html,
      status: messages.status,
      template: messages.template,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(
      and(
        // No address holds a NUL, and Postgres refuses one even as a parameter: such a filter matches nothing.
        p.to ? (unstorableChar(p.to) ? sql`false` : eq(sql`lower(${messages.to})`, p.to.toLowerCase())) : undefined,
        p.before
          ? or(lt(messages.createdAt, p.before.createdAt), and(eq(messages.createdAt, p.before.createdAt), lt(messages.id, p.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(p.limit);
  return rows.map((sealed) => {
    const r = openMessage(sealed);
    return { ...r, links: extractLinks(r.text, r.html) };
  });
}
