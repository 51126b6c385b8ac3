import "server-only";
import type { Db } from "@/lib/db";
import { accessLinkState } from "./access-links";
import { SHORT_TOKEN } from "./link-path";

/**
 * What a link's landing page shows, split like the check-email page's (lib/portal/check-email-state.ts): the shape
 * is the same for every link in that state (the page cache's key), the token is this link's own value.
 * - `problem`: why the link does not work (or null): from the Continue POST's redirect, else from the link itself;
 * - `transient`: a passing failure of the Continue POST (rate limit, its store down, our error): the button again,
 *   for a link that still works (otherwise the link's own problem);
 * - `twoFactor`: a Client Centre invitation (the button leads on to the code step);
 * - `bySms`: a short token, only ever sent by SMS (a fresh link goes back the same way).
 */
export type LinkLandingShape = { problem: string | null; transient: string | null; twoFactor: boolean; bySms: boolean };
export type LinkLandingState = { shape: LinkLandingShape; values: { token: string } };

const TRANSIENT = new Set(["RATE_LIMITED", "RATE_LIMIT_STORE_UNAVAILABLE", "INTERNAL"]);

export async function linkLandingState(db: Db, p: { workspaceId: string; token: string; error?: string; now?: Date }): Promise<LinkLandingState> {
  const transient = p.error && TRANSIENT.has(p.error) ? p.error : null;
  const link = await accessLinkState(db, { workspaceId: p.workspaceId, token: p.token, now: p.now });
  // A passing failure of the Continue POST says nothing about the link itself: the link's own state still decides the
  // page (an expired, replaced, used or revoked link is not offered Continue again), and the passing error shows only
  // beside a Continue button.
  const problem = transient ? link.problem : p.error || link.problem;
  return {
    shape: { problem, transient: problem ? null : transient, twoFactor: link.kind === "two_factor", bySms: SHORT_TOKEN.test(p.token) },
    values: { token: p.token },
  };
}
