import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "@/lib/crypto";

// Message subjects and bodies are sealed in the outbox (AES-256-GCM under a key derived from APP_SECRET): they carry
// working magic links and sign-in codes, so a database dump or backup alone must not be enough to sign in as a
// client. Sealed at write (enqueueMessages), opened by whoever must read them: the deliverer, the dev outbox, the
// admin's message page.

const PREFIX = "sealed:v1:";
let key: { secret: string; key: Buffer } | undefined;
const bodyKey = () => {
  const secret = process.env.APP_SECRET ?? process.env.NEXTAUTH_SECRET ?? "";
  if (key?.secret !== secret) key = { secret, key: deriveKey("message-body") };
  return key.key;
};

export function sealBody(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", bodyKey(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

/** The plain text of a sealed value; anything not sealed (rows written before sealing existed) is returned as is. */
export function openBody(value: string): string;
export function openBody(value: string | null): string | null;
export function openBody(value: string | null): string | null {
  if (value === null || !value.startsWith(PREFIX)) return value;
  const [iv, tag, body] = value.slice(PREFIX.length).split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", bodyKey(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
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
