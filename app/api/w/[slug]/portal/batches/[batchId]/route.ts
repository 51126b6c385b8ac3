import { adminRoute } from "@/lib/actions/admin-route";
import { loginEmailBatchProgress } from "@/lib/db/queries/portal-users";

export const dynamic = "force-dynamic";

/** A bulk login email's progress, polled by the progress bar; another workspace's batch is 404. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; batchId: string }> }) {
  const { slug, batchId } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const progress = await loginEmailBatchProgress(ctx.db, { workspaceId: ctx.workspace.id, batchId });
  if (!progress) return Response.json({ error: { code: "NOT_FOUND" } }, { status: 404 });
  return Response.json(progress, { headers: { "cache-control": "no-store" } });
}
