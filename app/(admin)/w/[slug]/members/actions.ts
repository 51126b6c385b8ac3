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
