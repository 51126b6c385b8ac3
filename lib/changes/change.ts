import { z } from "zod";

/**
 * Something other instances must see at once. "hosts": which host serves which workspace changed (domains, slugs).
 * "workspace": something a portal page shows or decides without the viewer (name, branding, portal and SMS sign-in
 * settings, user types, a domain served or not). "geo": the workspace's geoblocking policy. "all": anything may have
 * changed (this instance's listener (re)connected, so notifications may have been missed): drop everything cached.
 * A handler that does not know a kind must treat it as "all".
 */
export type Change =
  | { kind: "hosts" }
  | { kind: "workspace"; workspaceId: string }
  | { kind: "geo"; workspaceId: string }
  | { kind: "all" };

/** The Postgres channel every instance LISTENs on. */
export const CHANGES_CHANNEL = "portal_changes";

// What arrives on the channel is checked: anyone with a database login can NOTIFY it, and a junk payload must not
// reach a handler.
export const changeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("hosts") }).strict(),
  z.object({ kind: z.literal("workspace"), workspaceId: z.guid() }).strict(),
  z.object({ kind: z.literal("geo"), workspaceId: z.guid() }).strict(),
  z.object({ kind: z.literal("all") }).strict(),
]);

/** The payload of a notification, or null for anything that is not a change (ignored). */
export function parseChange(payload: string): Change | null {
  if (payload.length > 1000) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  const r = changeSchema.safeParse(raw);
  return r.success ? r.data : null;
}
