import { redirect } from "next/navigation";
import { currentUser, listMyWorkspaces } from "@/lib/auth/admin-context";
import { getDb } from "@/lib/db";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";

export const dynamic = "force-dynamic";

export default async function Home({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const db = getDb();
  // An admin invited while already signed in gets the membership here, without signing in again.
  await acceptPendingInvitations(db, { userId: user.id, email: user.email });
  // Only same-site paths: an open redirect after sign-in is a phishing gift.
  if (next && next.startsWith("/w/") && !next.startsWith("//")) redirect(next);
  const [first] = await listMyWorkspaces(db, user.id);
  redirect(first ? `/w/${first.slug}` : "/onboarding");
}
