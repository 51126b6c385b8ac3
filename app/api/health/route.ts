import { sql } from "drizzle-orm";
import { dbKind, getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Liveness plus a real round trip to the database, for load balancers and `npm start`'s readiness wait. */
export async function GET() {
  let kind: "pglite" | "postgres" | undefined;
  try {
    kind = dbKind();
    await getDb().execute(sql`select 1`);
    return Response.json({ ok: true, db: kind });
  } catch (e) {
    // The details (host, port, driver message) go to the log, not to an unauthenticated caller.
    console.error("[health] database check failed", e);
    return Response.json({ ok: false, db: kind ?? null, reason: "database unreachable" }, { status: 503 });
  }
}
