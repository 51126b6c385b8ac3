import { OlderPager } from "@/components/ui/older-pager";
import { AuditFilters } from "@/components/admin/audit/audit-filters";
import { AuditTable } from "@/components/admin/audit/audit-table";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { decodeAuditCursor, listAuditActions, listAuditEvents } from "@/lib/db/queries/audit";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
type Search = { action?: string | string[]; actor?: string | string[]; cursor?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 254) ?? "";

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "admin");
  const sp = await searchParams;
  const action = first(sp.action);
  const actor = first(sp.actor);
  const cursor = decodeAuditCursor(first(sp.cursor));
  const workspaceId = ctx.workspace.id;

  const [actions, page] = await Promise.all([
    listAuditActions(ctx.db, { workspaceId }),
    listAuditEvents(ctx.db, { workspaceId, action: action || null, actorEmail: actor || null, after: cursor, limit: PAGE_SIZE }),
  ]);

  const basePath = `/w/${ctx.workspace.slug}/audit`;
  const withParams = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ ...(action ? { action } : {}), ...(actor ? { actor } : {}), ...extra });
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const filtered = Boolean(action || actor);

  return (
    <>
      <PageHeader title="Audit log" description="Who did what in this workspace, from where and when. Newest first." />
      <div className="space-y-6">
        <Card>
          <AuditFilters basePath={basePath} actions={actions} action={action} actor={actor} />
        </Card>
        <Card title={cursor ? "Older events" : filtered ? "Matching events" : "Latest events"}>
          {page.events.length === 0 ? (
            <Alert tone="info">
              {filtered ? "No events match these filters. Clear them or try another action or email." : cursor ? "No older events." : "Nothing has been recorded yet."}
            </Alert>
          ) : (
            <AuditTable events={page.events} />
          )}
          <OlderPager
            label="Audit log pages"
            newestHref={cursor ? withParams({}) : null}
            olderHref={page.nextCursor ? withParams({ cursor: page.nextCursor }) : null}
            olderLabel="Older events →"
          />
        </Card>
      </div>
    </>
  );
}
