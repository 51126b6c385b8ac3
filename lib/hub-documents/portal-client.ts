import "server-only";
// The signed-in client of a portal route handler for the hub's documents. One factor is enough here (DESIGN: the hub
// asks for a session; Client Centre requests keep their two-factor rule). Checked on this workspace and this host.
import { getDb } from "@/lib/db";
import { sessionTokenFrom, type PortalRequest } from "@/lib/portal/portal-request";
import { readPortalSession } from "@/lib/portal/sessions";

export type PortalClient = { sessionId: string; portalUserId: string; contactId: string };

/** The client of a live session (either factor count) on this portal, or null. `touch` for what the client does. */
export async function portalClientFrom(request: Request, portal: PortalRequest, opts: { touch: boolean }): Promise<PortalClient | null> {
  const token = sessionTokenFrom(request.headers, portal.secure);
  if (!token) return null;
  const s = await readPortalSession(getDb(), { token, workspaceId: portal.workspace.id, host: portal.host, touch: opts.touch });
  if (!s) return null;
  return { sessionId: s.session.id, portalUserId: s.user.id, contactId: s.user.contactId };
}
