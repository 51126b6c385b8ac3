import { expect, test } from "vitest";
import { decrypt, encrypt, hmac, randomToken, safeEqual, sha256 } from "@/lib/crypto";
import { extractLinks } from "@/lib/messaging/links";

test("tokens are 32 random bytes in base64url and never repeat", () => {
  const a = randomToken();
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(new Set(Array.from({ length: 1000 }, randomToken)).size).toBe(1000);
});

test("encrypted tokens round-trip, differ each time, and tampering is detected", () => {
  const t = randomToken();
  const a = encrypt(t);
  expect(a).not.toContain(t);
  expect(encrypt(t)).not.toBe(a);
  expect(decrypt(a)).toBe(t);
  const [iv, tag, body] = a.split(".");
  const bytes = Buffer.from(body, "base64url");
  bytes[0] ^= 0x01; // one flipped bit in the ciphertext
  const flipped = bytes.toString("base64url");
  expect(() => decrypt([iv, tag, flipped].join("."))).toThrow();
  expect(() => decrypt(a, "another-purpose")).toThrow();
});

test("hashes and HMACs are keyed by purpose", () => {
  expect(sha256("x")).toHaveLength(64);
  expect(hmac("otp", "123456")).not.toBe(hmac("other", "123456"));
  expect(safeEqual(hmac("otp", "1"), hmac("otp", "1"))).toBe(true);
  expect(safeEqual("abc", "abcd")).toBe(false);
});

test("links are pulled from text and HTML once each, with HTML entities decoded", () => {
  const links = extractLinks("Open https://a.test/x?y=1.", '<a href="https://a.test/x?y=1&amp;z=2">go</a> https://a.test/x?y=1');
  expect(links).toEqual(["https://a.test/x?y=1", "https://a.test/x?y=1&z=2"]);
});
