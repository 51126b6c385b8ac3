import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { redeemSignInLink } from "@/lib/auth/redeem-sign-in-link";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { safeCallbackPath } from "@/lib/auth/sign-in-token";
import { sameOriginPost } from "@/lib/same-origin";

export const dynamic = "force-dynamic";

/** Relative, so a spoofed Host can never send the browser elsewhere. */
const seeOther = (path: string, cookie?: string) => {
  const res = new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
  if (cookie) res.headers.append("set-cookie", cookie);
  return res;
};

/**
 * The confirm page's Sign in button: spends the link and starts the session. A plain form POST, so it works
 * before (or without) the page's JavaScript; the token travels in the body, never in this URL.
 */
export async function POST(req: Request) {
  if (!sameOriginPost(req.headers)) return new Response("Cross-site request refused", { status: 403 });
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    form = new FormData();
  }
  const token = form.get("token");
  const next = safeCallbackPath(form.get("callbackUrl"));
  try {
    const s = await redeemSignInLink(getDb(), typeof token === "string" ? token : "");
    const c = sessionCookie();
    const cookie = [
      `${c.name}=${s.sessionToken}`,
      `Path=${c.options.path}`,
      `Expires=${s.expires.toUTCString()}`,
      "HttpOnly",
      "SameSite=Lax",
      ...(c.options.secure ? ["Secure"] : []),
    ].join("; ");
    return seeOther(next, cookie);
  } catch (e) {
    if (isAppError(e) && (e.code === "LINK_INVALID" || e.code === "LINK_EXPIRED")) return seeOther(`/sign-in?error=${e.code}`);
    throw e;
  }
}
