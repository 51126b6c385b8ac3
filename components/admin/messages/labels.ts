const templates: Record<string, string> = {
  "admin.sign_in": "Admin sign-in",
  "member.invitation": "Member invitation",
  "portal.invitation": "Portal invitation",
  "portal.login_email": "Login email",
  "portal.sign_in_link": "Sign-in link",
  "portal.sign_in_code": "Sign-in code",
  "portal.sms.invitation": "Portal invitation (SMS)",
  "portal.sms.login_message": "Login message (SMS)",
  "portal.sms.sign_in_code": "Sign-in code (SMS)",
  "portal.sms.sign_in_link": "Sign-in link (SMS)",
};

/** A readable name for a template code; codes added by other features fall back to the code itself. */
export function templateLabel(template: string | null) {
  return template ? (templates[template] ?? template) : null;
}

const events: Record<string, string> = {
  "email.sent": "Accepted by Resend",
  "email.scheduled": "Scheduled",
  "email.delivered": "Delivered",
  "email.delivery_delayed": "Delivery delayed",
  "email.bounced": "Bounced",
  "email.complained": "Marked as spam",
  "email.opened": "Opened",
  "email.clicked": "Link clicked",
  "email.failed": "Failed at Resend",
  "email.suppressed": "Suppressed by Resend",
  "sms.delivered": "Delivered to the handset",
  "sms.failed": "Not delivered (operator)",
  "sms.ndnc": "Not delivered: number on NDNC",
  "sms.rejected": "Rejected (DLT scrubbing)",
  "sms.blocked": "Blocked",
};

export function eventLabel(type: string) {
  const other = /^sms\.status_(\d+)$/.exec(type);
  return events[type] ?? (other ? `MSG91 status ${other[1]}` : type);
}

/** SMS report types that end a message either way (an operator's later report does not undo them). */
export const SMS_FINAL_EVENTS = new Set(["sms.delivered", "sms.failed", "sms.ndnc", "sms.rejected", "sms.blocked"]);

export const eventTone = (type: string) =>
  type === "email.bounced" || type === "email.failed" || type === "email.suppressed" || (SMS_FINAL_EVENTS.has(type) && type !== "sms.delivered")
    ? "bg-red-600"
    : type === "email.complained"
      ? "bg-fuchsia-600"
      : type === "email.delivered" || type === "sms.delivered"
        ? "bg-green-600"
        : type === "email.delivery_delayed"
          ? "bg-amber-500"
          : "bg-gray-400";

const providers: Record<string, string> = { resend: "Resend", outbox: "Dev outbox", msg91: "MSG91" };

export function providerLabel(provider: string | null) {
  return provider ? (providers[provider] ?? provider) : null;
}

/**
 * A one-time sign-in code or link is for the client alone (in two-factor mode the code is the second factor), so
 * the admin sees that it was sent and what happened to it, not what it says.
 */
export function hiddenContent(template: string | null) {
  if (template === "portal.sign_in_code") return "This email carries a one-time sign-in code for the client, so its content is not shown here.";
  if (template === "portal.sign_in_link") return "This email carries a one-time sign-in link for the client, so its content is not shown here.";
  if (template === "portal.sms.sign_in_code") return "This SMS carries a one-time sign-in code for the client, so its content is not shown here.";
  if (template === "portal.sms.sign_in_link") return "This SMS carries a one-time sign-in link for the client, so its content is not shown here.";
  return null;
}
