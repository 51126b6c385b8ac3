import "server-only";
import { randomToken, sha256 } from "@/lib/crypto";
import { API_KEY_PREFIX } from "./create-api-key.schema";

// cpk_ + 32 random bytes as base64url (43 characters).
const KEY_SHAPE = /^cpk_[A-Za-z0-9_-]{43}$/;
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

/** A new key, the part of it we may show again (the prefix) and the hash we keep; the key itself is never stored. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomToken()}`;
  return { key, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return sha256(key);
}

/** True when a string has the shape of one of our keys, so junk is refused without a database lookup. */
export function looksLikeApiKey(s: string): boolean {
  return KEY_SHAPE.test(s);
}
