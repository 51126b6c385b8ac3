import { adminRoute } from "@/lib/actions/admin-route";
import { listDomainStates } from "@/lib/db/queries/domains";

export const dynamic = "force-dynamic";

/**
 * The workspace's domain states, polled by an open Domains page while a check is pending so it shows the server's
 * checks without a reload. The same role as the page; a non-member gets 404, as for a missing workspace.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ctx = await adminRoute((await params).slug, "admin");
  if (ctx instanceof Response) return ctx;
  const rows = await listDomainStates(ctx.db, { workspaceId: ctx.workspace.id });
  const body = rows.map((d) => ({ id: d.id, hostname: d.hostname, status: d.status, lastCheckedAt: d.lastCheckedAt?.toISOString() ?? null }));
  return Response.json({ domains: body }, { headers: { "cache-control": "no-store" } });
}
