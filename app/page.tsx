import { redirect } from "next/navigation";
import { currentUser, listMyWorkspaces } from "@/lib/auth/admin-context";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const [first] = await listMyWorkspaces(getDb(), user.id);
  redirect(first ? `/w/${first.slug}` : "/onboarding");
}
