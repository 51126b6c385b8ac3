import "server-only";
import type { Db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { SEND_COOLDOWNS_SEC, sendSlotWait } from "@/lib/rate-limit";
import { formatWait } from "./format-wait";
import { displayIdentifier, type Channel, type Identifier } from "./identifier";
import type { PendingSignIn } from "./pending-sign-in";
import { sendSlotKey } from "./send-slot-key";

/**
 * What the check-email page shows, split in two: the shape (the same for every client in that situation: the page's
 * cache key, lib/page-cache) and the values that are this client's own (the address or number, the resend wait),
 * filled into the cached page per request. The page renders from this alone, so cached and per-request answers agree.
 */
export type CheckEmailShape =
  | { page: "fresh" }
  | { page: "expired" }
  | { page: "pending"; channel: Channel; error: string | null; cooldown: boolean; waiting: boolean };
/** `shown`: the address or number; `seconds` and `until` (the wait in words) only while `waiting`. */
export type CheckEmailValues = { shown?: string; seconds?: string; until?: string };
export type CheckEmailState = { shape: CheckEmailShape; values: CheckEmailValues };

export type CheckEmailQuery = { error?: string; fresh?: string; wait?: string };

export async function checkEmailState(db: Db, p: { workspaceId: string; pending: PendingSignIn | null; query: CheckEmailQuery; now?: Date }): Promise<CheckEmailState> {
  // A parameter given twice arrives as an array: it counts as not given.
  const q = Object.fromEntries(Object.entries(p.query).filter(([, v]) => typeof v === "string")) as CheckEmailQuery;
  if (q.fresh) return { shape: { page: "fresh" }, values: {} };
  if (!p.pending) return { shape: { page: "expired" }, values: {} };
  const identifier = p.pending.identifier;
  const wait = await resendWaitSec(db, { workspaceId: p.workspaceId, identifier, refused: !!q.wait, now: p.now });
  const waiting = wait > 0;
  return {
    shape: { page: "pending", channel: identifier.channel, error: q.error || null, cooldown: !!q.wait && waiting, waiting },
    values: {
      shown: identifier.channel === "sms" ? displayIdentifier(identifier) : identifier.address,
      ...(waiting ? { seconds: String(wait), until: formatWait(wait) } : {}),
    },
  };
}

/**
 * The wait the check page shows before Resend. Right after this browser's own send it is the first cooldown for
 * every identifier, whatever its history: the real wait (longer after earlier sends) would tell a stranger that
 * someone signed in with it lately. After a refused request (`refused`) it is the real wait, which only repeats what
 * that refusal already said.
 */
export async function resendWaitSec(db: Db, p: { workspaceId: string; identifier: Identifier; refused: boolean; now?: Date }): Promise<number> {
  // With the Redis store down the page still shows (the code form then says what is wrong): the usual first wait.
  const wait = await sendSlotWait(db, sendSlotKey(p.workspaceId, p.identifier), p.now).catch((e: unknown) => {
    if (isAppError(e) && e.code === "RATE_LIMIT_STORE_UNAVAILABLE") return SEND_COOLDOWNS_SEC[0];
    throw e;
  });
  return p.refused ? wait : Math.min(wait, SEND_COOLDOWNS_SEC[0]);
}
