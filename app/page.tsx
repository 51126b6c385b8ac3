import { redirect } from "next/navigation";
import { currentUser, listMyWorkspaces } from "@/lib/auth/admin-context";
import { getDb } from "@/lib/db";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const db = getDb();
  // An admin invited while already signed in gets the membership here, without signing in again.
  await acceptPendingInvitations(db, { userId: user.id, email: user.email });
  const [first] = await listMyWorkspaces(db, user.id);
  redirect(first ? `/w/${first.slug}` : "/onboarding");
}
