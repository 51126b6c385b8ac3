import { getDb } from "@/lib/db";
import { now } from "@/lib/clock";
import { portalRequest, sameOrigin, sessionTokenFrom } from "@/lib/portal/portal-request";
import { readPortalSession } from "@/lib/portal/sessions";

export const dynamic = "force-dynamic";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

async function status(request: Request, touch: boolean): Promise<Response> {
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  if (touch && !sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
  const token = sessionTokenFrom(request.headers, portal.secure);
  const s = token ? await readPortalSession(getDb(), { token, workspaceId: portal.workspace.id, host: portal.host, touch }) : null;
  if (!s) return json({ error: "NO_SESSION" }, 401);
  // The server's now as well: the page counts down against it, whatever the device's clock says.
  return json({ idleExpiresAt: s.session.idleExpiresAt.toISOString(), absoluteExpiresAt: s.session.absoluteExpiresAt.toISOString(), twoFactor: s.session.twoFactor, now: now().toISOString() });
}

/** When the session ends if nothing happens; background polling, so it does not count as activity. */
export const GET = (request: Request) => status(request, false);

/** "Stay signed in": one request that is activity, sliding the idle expiry (never past the absolute one). */
export const POST = (request: Request) => status(request, true);
