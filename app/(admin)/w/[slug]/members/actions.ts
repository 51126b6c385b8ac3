"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { changeMemberRole, changeMemberRoleSchema } from "@/lib/members/change-member-role";
import { inviteMember, inviteMemberSchema } from "@/lib/members/invite-member";
import { removeMember, removeMemberSchema } from "@/lib/members/remove-member";
import { revokeMemberInvitation, revokeMemberInvitationSchema } from "@/lib/members/revoke-member-invitation";

export const inviteMemberAction = adminAction(inviteMemberSchema, "admin", inviteMember);
export const changeMemberRoleAction = adminAction(changeMemberRoleSchema, "admin", changeMemberRole);
// "marketing" so any member can leave; removeMember itself requires admin (or owner) to remove someone else.
export const removeMemberAction = adminAction(removeMemberSchema, "marketing", removeMember);
export const revokeMemberInvitationAction = adminAction(revokeMemberInvitationSchema, "admin", revokeMemberInvitation);
export const inviteMemberFormAction = formStateAction(inviteMemberAction);
// Form POSTs for the member and invitation lists (they work before hydration). Someone who left goes home.
export const changeMemberRoleFormAction = formStateAction(changeMemberRoleAction, { refresh: true, input: ({ membershipId, role }) => ({ membershipId, role }) });
export const removeMemberFormAction = formStateAction(removeMemberAction, { refresh: true, input: ({ membershipId }) => ({ membershipId }), then: (_slug, d) => (d.self ? "/" : null) });
export const revokeMemberInvitationFormAction = formStateAction(revokeMemberInvitationAction, { refresh: true, input: ({ invitationId }) => ({ invitationId }) });
