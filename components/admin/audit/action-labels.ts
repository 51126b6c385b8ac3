const labels: Record<string, string> = {
  "workspace.create": "Workspace created",
  "member.invite": "Member invited",
  "member.join": "Member joined",
  "member.role_change": "Member role changed",
  "member.remove": "Member removed",
  "member.invitation_revoke": "Invitation revoked",
  "contact.create": "Contact created",
  "contact.update": "Contact updated",
  "contact.delete": "Contact deleted",
  "contact.import": "Contacts imported",
};

/** A readable name for an action code; codes added by other features fall back to the code itself. */
export function actionLabel(action: string) {
  return labels[action] ?? action;
}
