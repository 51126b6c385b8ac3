import "server-only";
// The part of posting both sides share: read the form (text and files, streamed), post the message, and tell this
// instance's watcher to look now (other instances see it within their next second).
import type { Db } from "@/lib/db";
import { maxUploadBytes } from "@/lib/files/files-env";
import { postMessage, type MessageAuthor, type PostedMessage } from "./post-message";
import { readMessageForm } from "./read-message-form";
import { getConversationWatcher } from "./watcher";

export const attachmentPrefix = (p: { workspaceId: string; conversationId: string }) => `ws/${p.workspaceId}/conversations/${p.conversationId}`;

export async function postFromRequest(
  request: Request,
  db: Db,
  p: { workspaceId: string; conversationId: string; author: MessageAuthor },
): Promise<{ fields: Record<string, string> } & ({ ok: true; message: PostedMessage } | { ok: false; error: unknown })> {
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
