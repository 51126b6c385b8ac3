import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { verificationTokens } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/crypto";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
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
 * Emails an admin sign-in link. Counted per IP and per address first (the form must not flood anyone's inbox), and
 * answered the same whether or not the address has an account: the account is made when the link is used.
 */
export async function requestSignInLink(db: Db, input: { email: string; callbackUrl: string }, from: { ip: string | null }) {
  const byIp = await consumeLimit(db, LIMITS.adminSignInPerIp, from.ip ?? "unknown");
  const limited = byIp.ok ? await consumeLimit(db, LIMITS.adminSignInPerEmail, input.email) : byIp;
  if (!limited.ok) {
    const minutes = Math.max(1, Math.ceil(limited.retryAfterSec / 60));
    throw new AppError(
      "RATE_LIMITED",
      "email",
      `Too many sign-in emails were asked for. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again, or use the last link we sent.`,
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

