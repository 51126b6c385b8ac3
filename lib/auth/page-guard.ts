import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import type { Role } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { contextFor, currentUser, requestOrigin, type AdminCtx } from "./admin-context";

/** For admin pages: redirects to sign-in, 404s for non-members, and shows the forbidden page below `need`. */
export async function requirePage(slug: string, need: Role): Promise<AdminCtx> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  try {
    return await contextFor(getDb(), user, slug, need, await requestOrigin());
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") redirect(`/w/${slug}/forbidden`);
    if (isAppError(e)) notFound();
    throw e;
  }
}
