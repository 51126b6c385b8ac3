import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { LiveThread } from "@/components/portal/messages/live-thread";
import { getDb } from "@/lib/db";
import { clientConversation, listThreadMessages } from "@/lib/db/queries/conversations";
import { markRead } from "@/lib/conversations/mark-read";
import { portalAttachmentUrl, toMessageJson } from "@/lib/conversations/message-json";
import { maxUploadBytes } from "@/lib/files/files-env";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

const PAGE = 50;
type Props = { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<{ before?: string; error?: string }> };

export default async function PortalThread({ params, searchParams }: Props) {
  const { workspace, id } = await params;
  const ws = await portalWorkspace(workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const db = getDb();
  const conv = await clientConversation(db, { workspaceId: ws.id, contactId: viewer.contactId, conversationId: id });
  // Another client's conversation, an opportunity they are not an applicant of, or no such id: the same 404.
  if (!conv) notFound();
  const sp = await searchParams;
  const before = /^\d{1,9}$/.test(sp.before ?? "") ? Number(sp.before) : undefined;
  const rows = await listThreadMessages(db, { workspaceId: ws.id, conversationId: conv.id, beforeSeq: before, limit: PAGE });
  // Opening the thread marks read what it shows (never more; the mark only moves forward).
  const shown = rows.at(-1)?.seq ?? 0;
  if (shown > 0) await markRead(db, { workspaceId: ws.id, conversationId: conv.id, who: { contactId: viewer.contactId }, seq: shown });
  const messages = rows.map((m) => toMessageJson(m, { mine: (x) => x.authorContactId === viewer.contactId, attachmentUrl: portalAttachmentUrl }));
  const title = conv.opportunityId ? conv.title : `Messages with ${ws.name}`;
  const earlier = rows.length === PAGE && rows[0].seq > 1 ? rows[0].seq : null;
  return (
    <PortalShell ws={ws} signedIn active="messages">
      <div className="w-full max-w-2xl">
        <Link href="/messages" className="text-sm font-medium text-gray-600 hover:text-gray-900">
          ← All messages
        </Link>
        <h1 className="mt-3 text-xl font-semibold break-words text-gray-900">{title}</h1>
        <p className="mt-1 text-sm text-gray-600">
          {conv.opportunityId ? `Everyone on this application and ${ws.name}'s team see these messages.` : `Only you and ${ws.name}'s team see these messages.`}
        </p>
        <nav aria-label="Earlier and later messages" className="mt-4 flex justify-between text-sm">
          {earlier ? (
            <Link className="font-medium text-gray-700 underline" href={`/messages/${conv.id}?before=${earlier}`}>
              Earlier messages
            </Link>
          ) : (
            <span />
          )}
          {before !== undefined && (
            <Link className="font-medium text-gray-700 underline" href={`/messages/${conv.id}#latest`}>
              Latest messages
            </Link>
          )}
        </nav>
        <div className="mt-4">
          <LiveThread
            initial={messages}
            feedUrl={`/api/portal/messages/${conv.id}/feed`}
            readUrl={`/api/portal/messages/${conv.id}/read`}
            postUrl={`/api/portal/messages/${conv.id}`}
            live={before === undefined}
            maxBytes={maxUploadBytes()}
            tone="portal"
            formError={sp.error ?? null}
            replyLabel={`Message ${ws.name}`}
            emptyText={`No messages yet. Write to ${ws.name} below.`}
          />
        </div>
      </div>
    </PortalShell>
  );
}
