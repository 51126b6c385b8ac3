import "server-only";
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** A separate key per purpose, derived from the one app secret, so one leaked use does not expose the others. */
export function deriveKey(purpose: string): Buffer {
  const secret = env.secret;
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "client-portal", purpose, 32));
    keys.set(id, key); // HKDF per call adds up when 10,000 messages are sealed in one send
  }
  return key;
}
const keys = new Map<string, Buffer>();

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function hmac(purpose: string, value: string): string {
  return createHmac("sha256", deriveKey(purpose)).update(value).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 32 random bytes, base64url: the shape of every bearer token we issue. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * 22 characters of base62 (131 bits), uniformly drawn: short enough to fit a DLT variable (at most 30 characters)
 * and letters and digits only, so it also fits an `{#alphanumeric#}` one. For links sent by SMS.
 */
export function shortToken(): string {
  let out = "";
  while (out.length < 22) {
    for (const b of randomBytes(32)) {
      if (b < 248 && out.length < 22) out += BASE62[b % 62]; // 248 = 4 × 62: no bias
    }
  }
  return out;
}

/** AES-256-GCM, for secrets we must show again (an active magic link), never for ones we only check. */
export function encrypt(plain: string, purpose = "token-at-rest"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function decrypt(sealed: string, purpose = "token-at-rest"): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(purpose), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
