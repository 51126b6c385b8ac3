import "server-only";
import { messages } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db";
import { sealBody } from "./sealed-body";

export type OutgoingMessage = {
  workspaceId: string | null;
  channel: "email" | "sms";
  to: string;
  subject?: string;
  text: string;
  html?: string;
  fromName?: string;
  fromAddress?: string;
  replyTo?: string;
  template?: string;
  batchId?: string;
  meta?: Record<string, unknown>;
  /** SMS: the credits (segments) reserved for it. */
  credits?: number;
};

type Kick = () => void;
const g = globalThis as unknown as { __outboxKick?: Kick };

/** Lets the worker (lib/jobs) register how to wake itself; without one, the periodic sweep picks messages up. */
export function setOutboxKick(kick: Kick) {
  g.__outboxKick = kick;
}

/** Wakes the deliverer after a commit; cheap and safe to call often. */
export function kickOutbox() {
  g.__outboxKick?.();
}

/**
 * Writes messages into the outbox. Call it with the transaction of the action that causes the messages, so the
 * action and its messages commit or roll back together; call kickOutbox() after the commit.
 */
export async function enqueueMessages(tx: DbOrTx, rows: OutgoingMessage[]) {
  if (rows.length === 0) return [];
  const out: { id: string }[] = [];
  // Chunked so a 10,000-recipient send stays under the bind-parameter limit.
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((m) => ({
      ...m,
      subject: m.subject === undefined ? undefined : sealBody(m.subject),
      text: sealBody(m.text),
      html: m.html === undefined ? undefined : sealBody(m.html),
    }));
    out.push(...(await tx.insert(messages).values(chunk).returning({ id: messages.id })));
  }
  return out;
}
