// CONTRACT (issue 11), placeholder replaced by the sending-access helper: on an admin request page, per applicant,
// the Client Centre access state (active link: sent / opened / used, and revoked ones) with Send invitation, Copy
// link and Resend. Server component.
export async function AccessPanel(props: { workspaceId: string; slug: string; opportunityId: string; requestId: string }) {
  void props;
  return null;
}
