import Link from "next/link";
import { redirect } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { ConversationList } from "@/components/portal/messages/conversation-list";
import { getDb } from "@/lib/db";
import { listClientConversations } from "@/lib/db/queries/conversations";
import { ensureClientConversations } from "@/lib/conversations/ensure-conversation";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }> };

// One signed-in factor is enough for messages (the Client Centre's requests keep their two-factor rule).
export default async function PortalMessages({ params }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const db = getDb();
  // Made on first use: the client's own conversation, and one per opportunity they are an applicant of.
  await ensureClientConversations(db, { workspaceId: ws.id, contactId: viewer.contactId });
  const rows = await listClientConversations(db, { workspaceId: ws.id, contactId: viewer.contactId, workspaceName: ws.name });
  return (
    <PortalShell ws={ws} signedIn active="messages">
      <div className="w-full max-w-2xl">
        <Link href="/" className="text-sm font-medium text-gray-600 hover:text-gray-900">
          ← Home
        </Link>
        <h1 className="mt-3 text-xl font-semibold text-gray-900">Messages</h1>
        <p className="mt-1 text-sm text-gray-600">Write to {ws.name} here. Replies appear as soon as they are sent, and we email you about ones you haven&apos;t read.</p>
        <ConversationList rows={rows} />
      </div>
    </PortalShell>
  );
}
