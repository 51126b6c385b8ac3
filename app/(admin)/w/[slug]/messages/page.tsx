import { OlderPager } from "@/components/ui/older-pager";
import { MessageFilters } from "@/components/admin/messages/message-filters";
import { MessagesTable } from "@/components/admin/messages/messages-table";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { decodeMessageCursor, MESSAGE_CHANNELS, MESSAGE_STATUSES, type MessageChannel, type MessageStatus } from "@/lib/db/queries/messages";
import { listWorkspaceMessages } from "@/lib/messaging/list-workspace-messages";

export const dynamic = "force-dynamic";
export const metadata = { title: "Messages" };

const PAGE_SIZE = 50;
type Search = { status?: string | string[]; channel?: string | string[]; to?: string | string[]; cursor?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 254) ?? "";
const oneOf = <T extends string>(list: readonly T[], v: string): T | null => ((list as readonly string[]).includes(v) ? (v as T) : null);

export default async function MessagesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "admin");
  const sp = await searchParams;
  const status = oneOf<MessageStatus>(MESSAGE_STATUSES, first(sp.status));
  const channel = oneOf<MessageChannel>(MESSAGE_CHANNELS, first(sp.channel));
  const to = first(sp.to);
  const cursor = decodeMessageCursor(first(sp.cursor));
  const page = await listWorkspaceMessages(ctx.db, { workspaceId: ctx.workspace.id, status, channel, to: to || null, after: cursor, limit: PAGE_SIZE });

  const basePath = `/w/${ctx.workspace.slug}/messages`;
  const withParams = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ ...(status ? { status } : {}), ...(channel ? { channel } : {}), ...(to ? { to } : {}), ...extra });
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const filtered = Boolean(status || channel || to);

  return (
    <>
      <PageHeader
        title="Messages"
        description="Every email and text message this workspace sent, newest first, with what the provider reported back: delivered, bounced or marked as spam."
      />
      <div className="space-y-6">
        <Card>
          <MessageFilters basePath={basePath} status={status} channel={channel} to={to} />
        </Card>
        <Card title={cursor ? "Older messages" : filtered ? "Matching messages" : "Latest messages"}>
          {page.messages.length === 0 ? (
            <Alert tone="info">
              {filtered
                ? "No messages match these filters. Clear them or try another status or recipient."
                : cursor
                  ? "No older messages."
                  : "Nothing has been sent yet. Invitations and login emails from the Client portal page show up here."}
            </Alert>
          ) : (
            <MessagesTable rows={page.messages} basePath={basePath} />
          )}
          <OlderPager
            label="Message pages"
            newestHref={cursor ? withParams({}) : null}
            olderHref={page.nextCursor ? withParams({ cursor: page.nextCursor }) : null}
            olderLabel="Older messages →"
          />
        </Card>
      </div>
    </>
  );
}
