import { redirect } from "next/navigation";
import { currentUser, listMyWorkspaces } from "@/lib/auth/admin-context";
import { getDb } from "@/lib/db";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";
import { safeCallbackPath } from "@/lib/auth/sign-in-token";

export const dynamic = "force-dynamic";

export default async function Home({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const db = getDb();
  // An admin invited while already signed in gets the membership here, without signing in again.
  await acceptPendingInvitations(db, { userId: user.id, email: user.email });
  // Only workspace paths on this site (safeCallbackPath: no control characters, spaces or backslashes, resolved on our
  // own origin, non-ASCII percent-encoded so the Location header is valid).
  const path = next ? safeCallbackPath(next) : "/";
  if (path.startsWith("/w/")) redirect(path);
  const [first] = await listMyWorkspaces(db, user.id);
  redirect(first ? `/w/${first.slug}` : "/onboarding");
}
