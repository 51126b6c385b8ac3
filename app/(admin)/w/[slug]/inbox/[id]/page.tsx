import Link from "next/link";
import { notFound } from "next/navigation";
import { AssignForm } from "@/components/admin/inbox/assign-form";
import { InboxList } from "@/components/admin/inbox/inbox-list";
import { InboxLive } from "@/components/admin/inbox/inbox-live";
import { LiveThread } from "@/components/portal/messages/live-thread";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { adminAttachmentUrl, toMessageJson } from "@/lib/conversations/message-json";
import { markRead } from "@/lib/conversations/mark-read";
import { assignableMembers, listInbox, listThreadMessages, opportunityApplicantNames, teamConversation } from "@/lib/db/queries/conversations";
import { maxUploadBytes } from "@/lib/files/files-env";
import { assignConversationFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Conversation" };

const PAGE = 50;
type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ before?: string; error?: string }> };

export default async function ConversationPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, "admin");
  const conv = await teamConversation(ctx.db, { workspaceId: ctx.workspace.id, conversationId: id });
  if (!conv) notFound();
  const sp = await searchParams;
  const before = /^\d{1,9}$/.test(sp.before ?? "") ? Number(sp.before) : undefined;
  const base = `/w/${ctx.workspace.slug}`;
  const [rows, members, side, people] = await Promise.all([
    listThreadMessages(ctx.db, { workspaceId: ctx.workspace.id, conversationId: conv.id, beforeSeq: before, limit: PAGE }),
    assignableMembers(ctx.db, { workspaceId: ctx.workspace.id }),
    listInbox(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.id, filter: {}, limit: 20 }),
    conv.opportunityId ? opportunityApplicantNames(ctx.db, { workspaceId: ctx.workspace.id, opportunityId: conv.opportunityId }) : Promise.resolve([]),
  ]);
  // Opening the conversation marks read, for this member, what it shows.
  const shown = rows.at(-1)?.seq ?? 0;
  if (shown > 0) await markRead(ctx.db, { workspaceId: ctx.workspace.id, conversationId: conv.id, who: { userId: ctx.user.id }, seq: shown });
  const messages = rows.map((m) => toMessageJson(m, { mine: (x) => !x.fromClient, attachmentUrl: adminAttachmentUrl(ctx.workspace.slug) }));
  const earlier = rows.length === PAGE && rows[0].seq > 1 ? rows[0].seq : null;
  const who = conv.contact
    ? [conv.contact.email, conv.contact.phone].filter(Boolean).join(" · ")
    : people.map((p) => `${p.first_name} ${p.last_name}`.trim()).join(", ") || "No applicants yet";
  const noPortal = conv.opportunityId ? people.length > 0 && people.every((p) => !p.has_portal) : false;

  return (
    <div className="lg:grid lg:grid-cols-[20rem_minmax(0,1fr)] lg:gap-6">
      <InboxLive feedUrl={`/api/w/${ctx.workspace.slug}/inbox/feed`} />
      <aside className="hidden lg:block" aria-label="Recent conversations">
        <Card title={<Link href={`${base}/inbox`}>Inbox</Link>}>
          <InboxList rows={side.rows} basePath={`${base}/inbox`} activeId={conv.id} compact />
        </Card>
      </aside>
      <div className="min-w-0">
        <Link href={`${base}/inbox`} className="text-sm font-medium text-gray-600 hover:text-gray-900 lg:hidden">
          ← Inbox
        </Link>
        <div className="mt-2 mb-4 flex flex-col gap-3 lg:mt-0">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-gray-900">{conv.title}</h1>
            <p className="mt-1 text-sm break-words text-gray-600">
              {conv.opportunityId ? "Opportunity · " : ""}
              {who}
              {" · "}
              <Link className="text-brand-700 hover:underline" href={conv.contactId ? `${base}/contacts/${conv.contactId}` : `${base}/opportunities/${conv.opportunityId}`}>
                {conv.contactId ? "Open contact" : "Open opportunity"}
              </Link>
            </p>
          </div>
          <AssignForm slug={ctx.workspace.slug} conversationId={conv.id} assignedUserId={conv.assignedUserId} members={members} action={assignConversationFormAction} />
          {noPortal && (
            <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              None of these clients has portal access yet: they will see your messages once invited to the portal.
            </p>
          )}
        </div>
        {(earlier || before !== undefined) && (
          <nav aria-label="Earlier and later messages" className="mb-3 flex justify-between text-sm">
            {earlier ? (
              <Link className="font-medium text-brand-700 hover:underline" href={`${base}/inbox/${conv.id}?before=${earlier}`}>
                Earlier messages
              </Link>
            ) : (
              <span />
            )}
            {before !== undefined && (
              <Link className="font-medium text-brand-700 hover:underline" href={`${base}/inbox/${conv.id}#latest`}>
                Latest messages
              </Link>
            )}
          </nav>
        )}
        <LiveThread
          initial={messages}
          feedUrl={`/api/w/${ctx.workspace.slug}/inbox/${conv.id}/feed`}
          readUrl={`/api/w/${ctx.workspace.slug}/inbox/${conv.id}/read`}
          postUrl={`/api/w/${ctx.workspace.slug}/inbox/${conv.id}/messages`}
          live={before === undefined}
          maxBytes={maxUploadBytes()}
          tone="admin"
          formError={sp.error ?? null}
          replyLabel={conv.opportunityId ? `Reply to everyone on ${conv.title}` : `Reply to ${conv.title}`}
          emptyText={
            noPortal
              ? "No messages yet. Write the first one below; it waits here until they are invited to the portal."
              : `No messages yet. Write the first one below; ${conv.opportunityId ? "each applicant with portal access is" : "the client is"} emailed about unread messages after a few minutes.`
          }
        />
      </div>
    </div>
  );
}
