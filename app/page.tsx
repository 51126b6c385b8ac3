import { redirect } from "next/navigation";
import { currentUser, listMyWorkspaces } from "@/lib/auth/admin-context";
import { getDb } from "@/lib/db";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";
import { unstorableChar } from "@/lib/validation/storable-text";

export const dynamic = "force-dynamic";

export default async function Home({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const db = getDb();
  // An admin invited while already signed in gets the membership here, without signing in again.
  await acceptPendingInvitations(db, { userId: user.id, email: user.email });
  // Only same-site paths: an open redirect after sign-in is a phishing gift. Spaces and non-ASCII are percent-encoded
  // (raw in a Location header they were a 500); a path holding NUL, a control character or a lone surrogate is ignored.
  if (next && next.startsWith("/w/") && !next.startsWith("//") && !unstorableChar(next)) redirect(next.replace(/[^\x21-\x7e]+/g, encodeURIComponent));
  const [first] = await listMyWorkspaces(db, user.id);
  redirect(first ? `/w/${first.slug}` : "/onboarding");
}
