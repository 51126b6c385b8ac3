import { Alert, Card, PageHeader } from "@/components/ui/card";
import { formatDay } from "@/components/admin/members/format";
import { InvitationList } from "@/components/admin/members/invitation-list";
import { InviteMemberForm } from "@/components/admin/members/invite-member-form";
import { MemberList } from "@/components/admin/members/member-list";
import { assignableRoles } from "@/components/admin/members/types";
import { requirePage } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import { listMembers, listPendingInvitations } from "@/lib/db/queries/members";
import { changeMemberRoleFormAction, inviteMemberFormAction, removeMemberFormAction, revokeMemberInvitationFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "marketing");
  const [members, invitations] = await Promise.all([
    listMembers(ctx.db, { workspaceId: ctx.workspace.id }),
    listPendingInvitations(ctx.db, { workspaceId: ctx.workspace.id }),
  ]);
  const now = Date.now();
  const isAdmin = hasRole(ctx.role, "admin");

  return (
    <>
      <PageHeader title="Members" description={`The people who can sign in to manage ${ctx.workspace.name}.`} />
      <div className="space-y-6">
        {isAdmin ? (
          <Card title="Invite a member" description="We email them a link; they join when they sign in with that address.">
            <div id="invite" className="scroll-mt-6">
              <InviteMemberForm slug={ctx.workspace.slug} roles={assignableRoles(ctx.role)} action={inviteMemberFormAction} />
            </div>
          </Card>
        ) : (
          <Alert tone="info">You can see who is in this workspace. Owners and admins invite and manage members.</Alert>
        )}

        <Card title={`Members (${members.length})`}>
          <MemberList
            slug={ctx.workspace.slug}
            workspaceName={ctx.workspace.name}
            me={{ userId: ctx.user.id, role: ctx.role }}
            members={members.map((m) => ({ id: m.id, userId: m.userId, email: m.email, name: m.name, role: m.role, joined: formatDay(m.joinedAt) }))}
            changeRole={changeMemberRoleFormAction}
            remove={removeMemberFormAction}
          />
        </Card>

        <Card title={`Pending invitations (${invitations.length})`}>
          <InvitationList
            slug={ctx.workspace.slug}
            myRole={ctx.role}
            invitations={invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              invitedBy: i.invitedByEmail,
              expires: formatDay(i.expiresAt),
              expired: i.expiresAt.getTime() <= now,
            }))}
            revoke={revokeMemberInvitationFormAction}
          />
        </Card>
      </div>
    </>
  );
}
