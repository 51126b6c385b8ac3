import "server-only";
import type { Role } from "@/lib/db/schema";
import { requireAdmin, type AdminCtx } from "@/lib/auth/admin-context";
import { isAppError } from "@/lib/errors";

const statusFor: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, WORKSPACE_NOT_FOUND: 404 };

/**
 * The route-handler twin of `adminAction`: the admin context for `slug` with at least `need`, or the Response to
 * send instead (401 signed out, 403 below the role, 404 for a non-member, so slugs cannot be probed).
 */
export async function adminRoute(slug: string, need: Role): Promise<AdminCtx | Response> {
  try {
    return await requireAdmin(slug, need);
  } catch (e) {
    if (isAppError(e)) return new Response(e.message, { status: statusFor[e.code] ?? 400 });
    throw e;
  }
}
