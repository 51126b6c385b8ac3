import "server-only";
import type { Role } from "@/lib/db/schema";
import { requireAdmin, type AdminCtx } from "@/lib/auth/admin-context";
import { errorMessages, isAppError, statusFor } from "@/lib/errors";
import { findUnstorable } from "@/lib/validation/storable-text";


/**
 * The route-handler twin of `adminAction`: the admin context for `slug` with at least `need`, or the Response to
 * send instead (401 signed out, 403 below the role, 404 for a non-member, so slugs cannot be probed).
 */
export async function adminRoute(slug: string, need: Role): Promise<AdminCtx | Response> {
  // A slug no workspace can have (a NUL in it) is "not found" before any query: Postgres would refuse it.
  if (findUnstorable(slug)) {
    return new Response(errorMessages.NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  try {
    return await requireAdmin(slug, need);
  } catch (e) {
    if (isAppError(e)) return new Response(e.message, { status: statusFor(e.code) });
    throw e;
  }
}
