import { adminRoute } from "@/lib/actions/admin-route";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { importReportCsv } from "@/lib/contacts/csv";
import { getContactImport, listContactImportRows, type ImportOutcome } from "@/lib/db/queries/contacts";
import { errorMessages } from "@/lib/errors";

export const dynamic = "force-dynamic";


/** Downloads an applied import's report as CSV: `?rows=rejected` (default, ready to fix and re-import) or `?rows=all`. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string; importId: string }> }) {
  const { slug, importId } = await params;
  const ctx = await adminRoute(slug, CONTACTS_ROLE);
  if (ctx instanceof Response) return ctx;
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
