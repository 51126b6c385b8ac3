import { and, eq, isNull } from "drizzle-orm";
import { adminRoute } from "@/lib/actions/admin-route";
import { audit } from "@/lib/audit";
import { isUuid } from "@/lib/db/queries/client-centre-access";
import { documents } from "@/lib/db/schema";
import { errorMessages } from "@/lib/errors";
import { documentResponse } from "@/lib/files/document-download";

export const dynamic = "force-dynamic";

const notFound = () => new Response(errorMessages.NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * An admin downloads a client's document (members with role admin or owner of this workspace only; another
 * workspace's id is a 404). `?inline=1` shows a PDF or an image in the browser instead; other types still download.
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  if (!isUuid(id)) return notFound();
  const [doc] = await ctx.db
    .select({ id: documents.id, name: documents.name, contentType: documents.contentType, storageKey: documents.storageKey })
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.workspaceId, ctx.workspace.id), isNull(documents.deletedAt)))
    .limit(1);
  if (!doc) return notFound();
  const res = await documentResponse(doc, { inline: new URL(req.url).searchParams.get("inline") === "1" });
  if (!res) return notFound();
  await audit(ctx.db, ctx, { action: "document.download", targetType: "document", targetId: doc.id, summary: `Downloaded ${doc.name}` });
  return res;
}
