import { adminRoute } from "@/lib/actions/admin-route";
import { searchPortalUsers } from "@/lib/db/queries/hub-documents";
import { jsonAnswer } from "@/lib/files/portal-file-answers";

export const dynamic = "force-dynamic";

/**
 * The share dialog's client picker: live portal users matching `q` (name, email or phone), 20 at a time in name order.
 * The next page's cursor is opaque (`after`). A POST, so what the admin typed (an address) never lands in a URL or a log.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  let body: { q?: unknown; after?: unknown } = {};
  try {
    const text = await request.text();
    if (text.length > 2000) return jsonAnswer({ error: { code: "REQUEST_TOO_LARGE" } }, 413);
    body = text ? JSON.parse(text) : {};
  } catch {
    return jsonAnswer({ error: { code: "INVALID_JSON" } }, 400);
  }
  const q = typeof body.q === "string" ? body.q.slice(0, 100) : "";
  let after: { name: string; id: string } | null = null;
  if (typeof body.after === "string") {
    try {
      const v = JSON.parse(Buffer.from(body.after, "base64url").toString()) as { name?: unknown; id?: unknown };
      if (typeof v.name === "string" && typeof v.id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v.id) && !/\u0000/.test(v.name)) after = { name: v.name, id: v.id };
    } catch {
      after = null;
    }
  }
  const page = await searchPortalUsers(ctx.db, { workspaceId: ctx.workspace.id, q, after, limit: 20 });
  return jsonAnswer({ rows: page.rows, next: page.next ? Buffer.from(JSON.stringify(page.next)).toString("base64url") : null });
}
