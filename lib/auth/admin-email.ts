import { z } from "zod";

const email = z.email();

/**
 * The one way an admin sign-in address is read: trimmed, lower-cased, a single plain address. next-auth's default
 * keeps only the text before a comma in the domain, so "a@x.com,1" and "a@x.com,2" would mail the same person
 * under different names (and different rate-limit keys); here anything but one address is refused.
 */
export function normalizeAdminEmail(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const value = raw.trim().toLowerCase();
  if (value.length > 254 || /[\s,;]/.test(value) || !email.safeParse(value).success) return null;
  return value;
}
