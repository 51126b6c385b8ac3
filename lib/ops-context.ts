import { AppError } from "@/lib/errors";
import type { Db } from "@/lib/db";

/** The workspace an operation acts in. */
export type WorkspaceRef = { id: string; slug: string; name: string; country: string };

/**
 * Who acts: a signed-in admin (their user id), an API key (id null, email naming the key and its prefix) or a job
 * (id null, email naming the job). Recorded by the audit log as is.
 */
export type Actor = { id: string | null; email: string; name?: string | null };

/**
 * What every operation takes, whoever calls it: the admin UI (adminAction builds it from the session), the public API
 * (apiRoute builds it for a key) and jobs. One context, so the UI, the API and jobs run the very same operations.
 * Authorisation by role happens before an operation is called; an operation that needs a person (managing members)
 * says so with `requirePerson`.
 */
export type OpsCtx = {
  db: Db;
  workspace: WorkspaceRef;
  user: Actor;
  ip: string | null;
  userAgent: string | null;
};

/** The acting person's user id; operations on people (members, API keys) are a person's to do, not a key's or a job's. */
export function personOf(ctx: Pick<OpsCtx, "user">): string {
  if (!ctx.user.id) throw new AppError("FORBIDDEN", undefined, "Only a signed-in member of the workspace can do that.");
  return ctx.user.id;
}
