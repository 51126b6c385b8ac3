// Who a portal sign-in, invitation or login message is for, by the channel that reaches them: an email address, or
// an Indian mobile number for SMS. Everything from the sign-in form to the outbox works on this, not on an email.
import { z } from "zod";
import { formatIndianMobile, normalizeIndianMobile } from "@/lib/validation/phone";

export type Channel = "email" | "sms";
export type Identifier = { channel: Channel; address: string };

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/**
 * What a client typed on the sign-in page: an address with an `@` is an email; anything else is read as a mobile
 * number (only where the workspace has SMS sign-in). Null when it is neither, so the form can say what to type.
 */
export function parseSignInIdentifier(raw: string, p: { phoneAllowed: boolean }): Identifier | null {
  const s = raw.trim();
  if (!s || s.length > 254) return null;
  if (s.includes("@")) {
    const email = emailSchema.safeParse(s);
    return email.success ? { channel: "email", address: email.data } : null;
  }
  if (!p.phoneAllowed) return null;
  const phone = normalizeIndianMobile(s);
  return phone ? { channel: "sms", address: phone } : null;
}

/** How the portal shows the identifier back to the person who typed it. */
export function displayIdentifier(id: Identifier): string {
  return id.channel === "sms" ? formatIndianMobile(id.address) : id.address;
}

/** The user type's invitation preference names the channel its clients are reached on. */
export function channelOf(preference: "email" | "phone"): Channel {
  return preference === "phone" ? "sms" : "email";
}
