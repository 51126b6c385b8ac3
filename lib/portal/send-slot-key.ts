import type { Identifier } from "./identifier";

/** The per-identifier send slot key: the same for known and unknown ones, so the wait reveals nothing. */
export function sendSlotKey(workspaceId: string, id: Identifier) {
  return id.channel === "email" ? `${workspaceId}:${id.address}` : `${workspaceId}:sms:${id.address}`;
}
