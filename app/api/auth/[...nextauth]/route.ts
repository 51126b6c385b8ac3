import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/admin";
import { confirmPath, SIGN_IN_TOKEN_RE } from "@/lib/auth/sign-in-token";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };
type Handler = (req: Request, ctx: Ctx) => Promise<Response>;
const nextAuth = (req: Request, ctx: Ctx) => (NextAuth(getAuthOptions()) as unknown as Handler)(req, ctx);
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

/**
 * next-auth here only reads sessions and signs out; signing in is /sign-in's form and the confirm page's POST.
 * A link in the old shape (`/api/auth/callback/email?token=…`, emailed before this version) opens the confirm
 * page instead of signing in on GET, so a scanner that fetches it spends nothing either.
 */
async function GET(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth[0] === "callback" || nextauth[0] === "signin") {
    const q = new URL(req.url).searchParams;
    const token = q.get("token");
    if (nextauth.join("/") === "callback/email" && token && SIGN_IN_TOKEN_RE.test(token)) {
      return seeOther(confirmPath(token, q.get("callbackUrl") ?? "/"));
    }
    return seeOther("/sign-in");
  }
  return nextAuth(req, ctx);
}

/** next-auth's own sign-in endpoints are closed: they would bypass the confirm step (and are CSRF-token forms). */
async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth[0] === "callback" || nextauth[0] === "signin") return new Response("Sign in at /sign-in.", { status: 404 });
  return nextAuth(req, ctx);
}

export { GET, POST };
