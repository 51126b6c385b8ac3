import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";

/**
 * What a portal operation needs: the database, the workspace and who acts. An admin's AdminCtx is one; the public
 * API builds one for an API key, so the UI and the API run the very same operations.
 */
export type OpsCtx = Actor & { db: Db };
