import { adminRoute } from "@/lib/actions/admin-route";
import { contractFiles } from "@/lib/db/queries/contracts";
import { errorMessages } from "@/lib/errors";
import { documentResponse } from "@/lib/files/document-download";

export const dynamic = "force-dynamic";

const notFound = () => new Response(errorMessages.NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * The contract's PDF as uploaded (admins of this workspace only; another workspace's id is a 404). The field editor
 * fetches it to render the pages; `?inline=1` opens it in the browser, otherwise it downloads.
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const c = await contractFiles(ctx.db, { workspaceId: ctx.workspace.id, contractId: id });
  if (!c) return notFound();
  const res = await documentResponse(
    { name: c.originalName, contentType: "application/pdf", storageKey: c.originalStorageKey },
    { inline: new URL(req.url).searchParams.get("inline") === "1" },
  );
  return res ?? notFound();
}
