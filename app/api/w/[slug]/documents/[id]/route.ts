import { adminRoute } from "@/lib/actions/admin-route";
import { getTeamFile } from "@/lib/db/queries/hub-documents";
import { errorMessages } from "@/lib/errors";
import { documentResponse } from "@/lib/files/document-download";

export const dynamic = "force-dynamic";

const notFound = () => new Response(errorMessages.NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/** The team downloads a shared file or a client's upload (role admin or owner); `?inline=1` previews a PDF or an image. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const file = await getTeamFile(ctx.db, { workspaceId: ctx.workspace.id, fileId: id });
  if (!file) return notFound();
  return (await documentResponse(file, { inline: new URL(req.url).searchParams.get("inline") === "1" })) ?? notFound();
}
