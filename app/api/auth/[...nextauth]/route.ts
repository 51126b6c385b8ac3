import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/admin";
import { normalizeAdminEmail } from "@/lib/auth/admin-email";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { clientIp } from "@/lib/request-ip";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };
type Handler = (req: Request, ctx: Ctx) => Promise<Response>;
const nextAuth = (req: Request, ctx: Ctx) => (NextAuth(getAuthOptions()) as unknown as Handler)(req, ctx);

/**
 * Sign-in emails are rate-limited per address and per IP before next-auth sees the request, so the form cannot be
 * used to flood someone's inbox. The answer has next-auth's shape, so its client shows the error.
 */
async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "signin/email") {
    // Only the form encoding next-auth's client sends: the address checked here is the one next-auth reads.
    if (req.headers.get("content-type")?.split(";")[0].trim() !== "application/x-www-form-urlencoded") {
      return Response.json({ url: `${env.appUrl}/sign-in?error=EmailSignin` }, { status: 415 });
    }
    const email = normalizeAdminEmail((await req.clone().formData()).get("email"));
    if (!email) return Response.json({ url: `${env.appUrl}/sign-in?error=EmailSignin` }, { status: 400 });
    const db = getDb();
    const ip = clientIp(req.headers) ?? "unknown";
    const byIp = await consumeLimit(db, LIMITS.adminSignInPerIp, ip);
    const byEmail = byIp.ok ? await consumeLimit(db, LIMITS.adminSignInPerEmail, email) : byIp;
    if (!byEmail.ok) {
      return Response.json(
        { url: `${env.appUrl}/sign-in?error=RateLimited` },
        { status: 429, headers: { "retry-after": String(byEmail.retryAfterSec) } },
      );
    }
  }
  return nextAuth(req, ctx);
}

export { nextAuth as GET, POST };
