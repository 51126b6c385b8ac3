import "server-only";
// The part of posting both sides share: read the form (text and files, streamed), post the message, and tell this
// instance's watcher to look now (other instances see it within their next second).
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { maxUploadBytes } from "@/lib/files/files-env";
import { consumeLimit, type Limit } from "@/lib/rate-limit";
import { postMessage, type MessageAuthor, type PostedMessage } from "./post-message";
import { readMessageForm } from "./read-message-form";
import { getConversationWatcher } from "./watcher";

/** Per author and workspace, counted across instances: far above a person typing, well below a script flooding a thread. */
export const MESSAGE_POST_LIMIT: Limit = { name: "message-post", points: 60, durationSec: 300 };

export const attachmentPrefix = (p: { workspaceId: string; conversationId: string }) => `ws/${p.workspaceId}/conversations/${p.conversationId}`;

export async function postFromRequest(
  request: Request,
  db: Db,
  p: { workspaceId: string; conversationId: string; author: MessageAuthor },
): Promise<{ fields: Record<string, string> } & ({ ok: true; message: PostedMessage } | { ok: false; error: unknown })> {
  const who = p.author.kind === "team" ? `u:${p.author.userId}` : `c:${p.author.contactId}`;
  // A store that does not answer (Redis) is an error of the answer, like any other, never a 500.
  const limit = await consumeLimit(db, MESSAGE_POST_LIMIT, `${p.workspaceId}:${who}`).catch((e: unknown) => ({ ok: false as const, error: e }));
  if (!limit.ok) return { fields: {}, ok: false, error: "error" in limit ? limit.error : new AppError("RATE_LIMITED") };
  const form = await readMessageForm(request, { maxBytes: maxUploadBytes(), prefix: attachmentPrefix(p) });
  if (form.error !== undefined) return { fields: form.fields, ok: false, error: form.error };
  try {
    const message = await postMessage(db, { ...p, body: form.fields.body ?? "", attachments: form.attachments });
    getConversationWatcher().poke();
    return { fields: form.fields, ok: true, message };
  } catch (e) {
    return { fields: form.fields, ok: false, error: e };
  }
}
