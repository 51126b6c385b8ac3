import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { getDb } from "@/lib/db";
import { conversationIdFor, unreadCount } from "@/lib/db/queries/conversations";

/**
 * "Message <name>" for the contact page and the opportunity page, with the viewer's unread count. It links to the
 * conversation, or (before the first message) to the page that makes it. Render it only for owners and admins.
 */
export async function ConversationLink(p: {
  workspace: { id: string; slug: string };
  userId: string;
  subject: { contactId: string } | { opportunityId: string };
  name: string;
}) {
  const db = getDb();
  const id = await conversationIdFor(db, { workspaceId: p.workspace.id, ...p.subject });
  const unread = id ? await unreadCount(db, { workspaceId: p.workspace.id, conversationId: id, who: { userId: p.userId } }) : 0;
  const base = `/w/${p.workspace.slug}/inbox`;
  const href = id ? `${base}/${id}#latest` : "contactId" in p.subject ? `${base}/contact/${p.subject.contactId}` : `${base}/opportunity/${p.subject.opportunityId}`;
  return (
    <Link href={href} className={buttonClass("secondary")}>
      Message {p.name}
      {unread > 0 && (
        <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
          {unread}
          <span className="sr-only"> unread</span>
        </span>
      )}
    </Link>
  );
}
