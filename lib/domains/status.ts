// What each domain state allows. Pure, shared by the proxy, the TLS `ask` endpoint and the link builders.
export type DomainStatus = "pending" | "verified" | "active" | "misconfigured";

/** Ownership proven: the proxy serves the host and the TLS `ask` endpoint lets Caddy get it a certificate. */
export const SERVED_STATUSES = ["verified", "active"] as const satisfies readonly DomainStatus[];

/** Every record right: only then do links, the QR code and emails switch to the domain. */
export const LINKED_STATUS = "active" satisfies DomainStatus;

export const isServed = (s: string): boolean => (SERVED_STATUSES as readonly string[]).includes(s);
