import { InboxFilters } from "@/components/admin/inbox/inbox-filters";
import { InboxList } from "@/components/admin/inbox/inbox-list";
import { InboxLive } from "@/components/admin/inbox/inbox-live";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { requirePage } from "@/lib/auth/page-guard";
import { listInbox, teamUnreadConversations } from "@/lib/db/queries/conversations";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inbox" };

const PAGE_SIZE = 50;
type Search = { q?: string | string[]; unread?: string | string[]; mine?: string | string[]; cursor?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 200) ?? "";

export default async function InboxPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "admin");
  const sp = await searchParams;
  const q = first(sp.q).slice(0, 100);
  const unread = first(sp.unread) === "1";
  const mine = first(sp.mine) === "1";
  const cursor = first(sp.cursor) || null;
  const [page, unreadConversations] = await Promise.all([
    listInbox(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.id, filter: { q, unread, mine }, cursor, limit: PAGE_SIZE }),
    teamUnreadConversations(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.id }),
  ]);
  const basePath = `/w/${ctx.workspace.slug}/inbox`;
  const withParams = (extra: Record<string, string>) => {
    const s = new URLSearchParams({ ...(q ? { q } : {}), ...(unread ? { unread: "1" } : {}), ...(mine ? { mine: "1" } : {}), ...extra }).toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const filtered = Boolean(q || unread || mine);

  return (
    <>
      <InboxLive feedUrl={`/api/w/${ctx.workspace.slug}/inbox/feed`} />
      <PageHeader
        title="Inbox"
        description={
          unreadConversations > 0
            ? `${unreadConversations} ${unreadConversations === 1 ? "conversation has" : "conversations have"} client messages you haven't read.`
            : "Every conversation with your clients, newest activity first. New messages appear here as they arrive."
        }
      />
      <div className="space-y-6">
        <Card>
          <InboxFilters basePath={basePath} q={q} unread={unread} mine={mine} />
        </Card>
        <Card title={cursor ? "Older conversations" : filtered ? "Matching conversations" : "Conversations"}>
          {page.rows.length === 0 ? (
            <Alert tone="info">
              {filtered
                ? "No conversations match. Clear the search or the filters to see every conversation."
                : cursor
                  ? "No older conversations."
                  : "No messages yet. Open a contact or an opportunity and choose Message to start a conversation; clients can also write from their portal."}
            </Alert>
          ) : (
            <InboxList rows={page.rows} basePath={basePath} />
          )}
          <OlderPager label="Inbox pages" newestHref={cursor ? withParams({}) : null} olderHref={page.next ? withParams({ cursor: page.next }) : null} olderLabel="Older conversations →" />
        </Card>
      </div>
    </>
  );
}
