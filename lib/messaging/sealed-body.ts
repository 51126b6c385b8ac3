import "server-only";
import { decrypt, encrypt } from "@/lib/crypto";

// Message subjects and bodies are sealed in the outbox (AES-256-GCM under a key derived from APP_SECRET): they carry
// working magic links and sign-in codes, so a database dump or backup alone must not be enough to sign in as a
// client. Sealed at write (enqueueMessages), opened by whoever must read them: the deliverer, the dev outbox, the
// admin's message page.

const PREFIX = "sealed:v1:";
const PURPOSE = "message-body";

export function sealBody(plain: string): string {
  return PREFIX + encrypt(plain, PURPOSE);
}

/** The plain text of a sealed value; anything not sealed (rows written before sealing existed) is returned as is. */
export function openBody(value: string): string;
export function openBody(value: string | null): string | null;
export function openBody(value: string | null): string | null {
  if (value === null || !value.startsWith(PREFIX)) return value;
  return decrypt(value.slice(PREFIX.length), PURPOSE);
}

type WithBody = { text: string; html?: string | null; subject?: string | null };

/** A message row with its subject and bodies opened. */
export function openMessage<T extends WithBody>(m: T): T {
  return {
    ...m,
    text: openBody(m.text),
    ...("html" in m ? { html: openBody(m.html ?? null) } : {}),
    ...("subject" in m ? { subject: openBody(m.subject ?? null) } : {}),
  };
}
