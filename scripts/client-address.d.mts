// Types for scripts/client-address.mjs (plain JS so scripts/server.mjs can run it with `node`).
export const CLIENT_IP_HEADER: "x-portal-client-ip";
export type Trust = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: import("node:net").BlockList };
export function normalizeIp(raw: unknown): string | null;
export function parseTrustedProxies(value: string | undefined): Trust;
export function resolveClient(p: { remoteAddress: string | undefined; forwardedFor: string | string[] | undefined; trust: Trust }): {
  ip: string | null;
  trustedPeer: boolean;
};
