// The two shapes of portal link token: 43-character base64url (email) and 22-character base62 (SMS, to fit a DLT
// variable). Both are looked up the same way; only the path differs, `/s/` being the shorter one for SMS.

export const LONG_TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const SHORT_TOKEN = /^[A-Za-z0-9]{22}$/;

/** Whether a string could be a token we issued; anything else names nothing and is not worth a lookup. */
export function isLinkToken(token: string): boolean {
  return LONG_TOKEN.test(token) || SHORT_TOKEN.test(token);
}

/** The path a token opens on the portal host. */
export function linkPath(token: string): string {
  return SHORT_TOKEN.test(token) ? `/s/${token}` : `/l/${token}`;
}
