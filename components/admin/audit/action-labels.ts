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
  "portal_user.invite": "Invited to the portal",
  "portal_user.reinvite": "Invitation sent again",
  "portal_user.restore": "Portal access restored",
  "portal_user.login_email": "Login email sent",
  "portal_user.magic_link": "Magic link created",
  "portal_user.revoke": "Portal access revoked",
  "email_profile.create": "Email profile added",
  "email_profile.update": "Email profile updated",
  "email_profile.delete": "Email profile deleted",
  "email_profile.make_default": "Default email profile changed",
  "email_template.save": "Email template saved",
  "email_template.reset": "Email template reset",
  "user_type.create": "User type added",
  "user_type.update": "User type updated",
  "user_type.make_default": "Default user type changed",
  "workspace.branding_update": "Portal branding updated",
  "workspace.security_update": "Sign-in settings updated",
  "api_key.create": "API key created",
  "api_key.revoke": "API key revoked",
};

/** A readable name for an action code; codes added by other features fall back to the code itself. */
export function actionLabel(action: string) {
  return labels[action] ?? action;
}
