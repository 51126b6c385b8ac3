import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/admin";
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
    const form = await req.clone().formData();
    const email = String(form.get("email") ?? "").trim().toLowerCase();
    const db = getDb();
    const ip = clientIp(req.headers) ?? "unknown";
    const byIp = await consumeLimit(db, LIMITS.adminSignInPerIp, ip);
    const byEmail = byIp.ok && email ? await consumeLimit(db, LIMITS.adminSignInPerEmail, email) : byIp;
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
