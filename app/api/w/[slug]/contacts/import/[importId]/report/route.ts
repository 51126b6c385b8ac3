import { requireAdmin } from "@/lib/auth/admin-context";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { importReportCsv } from "@/lib/contacts/csv";
import { getContactImport, listContactImportRows, type ImportOutcome } from "@/lib/db/queries/contacts";
import { errorMessages, isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const statusFor = { UNAUTHENTICATED: 401, FORBIDDEN: 403, WORKSPACE_NOT_FOUND: 404 } as Record<string, number>;

/** Downloads an applied import's report as CSV: `?rows=rejected` (default, ready to fix and re-import) or `?rows=all`. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string; importId: string }> }) {
  const { slug, importId } = await params;
  let ctx;
  try {
    ctx = await requireAdmin(slug, CONTACTS_ROLE);
  } catch (e) {
    if (isAppError(e)) return new Response(e.message, { status: statusFor[e.code] ?? 400 });
    throw e;
  }
  const imp = await getContactImport(ctx.db, { workspaceId: ctx.workspace.id, importId });
  if (!imp || imp.status !== "applied") return new Response(errorMessages.NOT_FOUND, { status: 404 });

  const all = new URL(req.url).searchParams.get("rows") === "all";
  const outcome: ImportOutcome | undefined = all ? undefined : "rejected";
  const rows = [];
  for (let afterRow = 0; ; ) {
    const page = await listContactImportRows(ctx.db, { workspaceId: ctx.workspace.id, importId, outcome, afterRow, limit: 5000 });
    rows.push(...page);
    if (page.length < 5000) break;
    afterRow = page[page.length - 1].row;
  }
  const csv = importReportCsv(rows, { withOutcome: all });
  const day = (imp.appliedAt ?? imp.createdAt).toISOString().slice(0, 10);
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="contacts-import-${day}-${all ? "report" : "rejected"}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
