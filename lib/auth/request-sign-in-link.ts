import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { verificationTokens } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/crypto";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { ipLimitKey } from "@/lib/request-ip";
import { consumeLimit, LIMITS, takeSendSlot } from "@/lib/rate-limit";
import { normalizeAdminEmail } from "./admin-email";
import { confirmPath, hashSignInToken, safeCallbackPath, SIGN_IN_LINK_TTL_MS } from "./sign-in-token";

export const requestSignInLinkSchema = z.object({
  email: z
    .string({ error: "Enter your work email address." })
    .transform((v, c) => normalizeAdminEmail(v) ?? (c.addIssue({ code: "custom", message: "Enter a valid email address, like name@company.com." }), z.NEVER)),
  callbackUrl: z.unknown().optional().transform(safeCallbackPath),
});
export type RequestSignInLinkInput = z.input<typeof requestSignInLinkSchema>;

/**
 * Emails an admin sign-in link, answered the same whether or not the address has an account (the account is made when
 * the link is used). Counted per IP (20 / 15 min), then per address with the portal's send slot: after an email the
 * next waits 60 s, 2 min, then 5 min. Not a cap: someone who knows an admin's address can make them wait at most 5
 * minutes, never lock them out, and every email they cause holds a link that works for the admin.
 */
export async function requestSignInLink(db: Db, input: { email: string; callbackUrl: string }, from: { ip: string | null; now?: Date }) {
  const byIp = await consumeLimit(db, LIMITS.adminSignInPerIp, ipLimitKey(from.ip));
  if (!byIp.ok) {
    throw new AppError("RATE_LIMITED", "email", `Too many sign-in emails were asked for from here. Wait ${waitWords(byIp.retryAfterSec)}, then try again.`);
  }
  const slot = await takeSendSlot(db, `admin:${input.email}`, from.now);
  if (!slot.ok) {
    throw new AppError(
      "RATE_LIMITED",
      "email",
      `We emailed a sign-in link to this address a moment ago. Use the link in that email, or ask again in ${waitWords(slot.retryAfterSec)}.`,
    );
  }
  const token = randomToken();
  const url = `${env.appUrl}${confirmPath(token, input.callbackUrl)}`;
  await db.transaction(async (tx) => {
    await tx.insert(verificationTokens).values({
      identifier: input.email,
      token: hashSignInToken(token),
      expires: new Date(Date.now() + SIGN_IN_LINK_TTL_MS),
    });
    await enqueueMessages(tx, [
      {
        workspaceId: null,
        channel: "email",
        to: input.email,
        subject: "Sign in to Client Portal",
        template: "admin.sign_in",
        text: `Sign in to Client Portal:\n\n${url}\n\nOpen the link, then press Sign in. It works once and expires in 15 minutes. If you did not ask for it, ignore this email.`,
        html: emailLayout({
          title: "Sign in to Client Portal",
          paragraphs: ["Open the link, then press Sign in on the page it opens. The link works once and expires in 15 minutes."],
          button: { label: "Sign in", url },
          footer: "If you did not ask for this email, you can ignore it.",
        }),
      },
    ]);
  });
  kickOutbox();
}


function waitWords(sec: number) {
  if (sec < 90) return `${sec} second${sec === 1 ? "" : "s"}`;
  const minutes = Math.ceil(sec / 60);
  return `${minutes} minutes`;
}
