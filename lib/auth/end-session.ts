import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { sessions } from "@/lib/db/schema";
import { storedSessionToken } from "./adapter";

/** Signs an admin out: the session row goes, so the cookie is worthless even if a copy of it survives somewhere. */
export async function endSession(db: Db, rawToken: string) {
  await db.delete(sessions).where(eq(sessions.sessionToken, storedSessionToken(rawToken)));
}
