import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";
import { randomToken } from "@/lib/crypto";
import { hashedSessionAdapter } from "./adapter";
import { normalizeAdminEmail } from "./admin-email";

let options: NextAuthOptions | undefined;

/** Built on first use, so importing this module (as `next build` does) never opens the database. */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const db = getDb();
  options = {
    adapter: hashedSessionAdapter(db),
    secret: env.secret,
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60, generateSessionToken: randomToken },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    providers: [
      {
        // A hand-built email provider: next-auth's own imports nodemailer and its Resend one hard-codes the API host.
        id: "email",
        type: "email",
        name: "Email",
        server: {},
        from: env.emailFrom,
        maxAge: 15 * 60,
        options: {},
        normalizeIdentifier(identifier: string) {
          const email = normalizeAdminEmail(identifier);
          if (!email) throw new Error("Invalid email address");
          return email;
        },
        async sendVerificationRequest({ identifier, url }) {
          await enqueueMessages(db, [
            {
              workspaceId: null,
              channel: "email",
              to: identifier,
              subject: "Sign in to Client Portal",
              template: "admin.sign_in",
              text: `Sign in to Client Portal:\n\n${url}\n\nThe link works once and expires in 15 minutes. If you did not ask for it, ignore this email.`,
              html: emailLayout({
                title: "Sign in to Client Portal",
                paragraphs: ["Click the button to sign in. The link works once and expires in 15 minutes."],
                button: { label: "Sign in", url },
                footer: "If you did not ask for this email, you can ignore it.",
              }),
            },
          ]);
          kickOutbox();
        },
      },
    ],
    callbacks: {
      session({ session, user }) {
        if (session.user) (session.user as { id?: string }).id = user.id;
        return session;
      },
    },
    events: {
      // Signing in proves control of the address, which is what a member invitation waits for.
      async signIn({ user }) {
        if (user.email) await acceptPendingInvitations(db, { userId: user.id, email: user.email });
      },
    },
  };
  return options;
}
