import "server-only";
import type { DbOrTx } from "@/lib/db";
import { listMessages } from "@/lib/db/queries/messages";
import { openBody } from "./sealed-body";

/** One page of a workspace's messages for its admins, with subjects opened (bodies are not read). */
export async function listWorkspaceMessages(db: DbOrTx, p: Parameters<typeof listMessages>[1]) {
  const page = await listMessages(db, p);
  return { ...page, messages: page.messages.map((m) => ({ ...m, subject: openBody(m.subject) })) };
}
