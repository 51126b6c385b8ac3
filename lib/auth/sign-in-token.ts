import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/env";

/** Admin sign-in links last 15 minutes. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;

/** What a link's token may look like (ours are base64url, next-auth's were hex); anything else is refused unread. */
export const SIGN_IN_TOKEN_RE = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * The stored form of a sign-in token: SHA-256 of token and secret, next-auth v4's own scheme, so a link it issued
 * before this code shipped still opens; a database dump holds no usable link.
 */
export function hashSignInToken(token: string): string {
  return createHash("sha256").update(`${token}${env.secret}`).digest("hex");
}

/**
 * A same-site path to land on after sign-in, or "/": an open redirect after sign-in is a phishing gift. Browsers drop
 * tabs and line breaks from a URL and read `\` as `/`, so `/\t/evil.com` means `//evil.com`: any control character,
 * space or backslash makes the path "/", and what is left must resolve on our own origin.
 */
export function safeCallbackPath(url: unknown): string {
  if (typeof url !== "string" || url.length > 500 || !url.startsWith("/") || url.startsWith("//")) return "/";
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(url)) return "/";
  const resolved = new URL(url, "http://origin.invalid");
  return resolved.origin === "http://origin.invalid" ? `${resolved.pathname}${resolved.search}${resolved.hash}` : "/";
}

/** The page an emailed link opens: it shows a button and changes nothing, so a mail scanner's GET spends nothing. */
export function confirmPath(token: string, callbackUrl: string): string {
  const next = safeCallbackPath(callbackUrl);
  return `/sign-in/confirm/${token}${next === "/" ? "" : `?callbackUrl=${encodeURIComponent(next)}`}`;
}
