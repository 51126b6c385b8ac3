import { redirect } from "next/navigation";
import { getCountries, getCountryCallingCode } from "libphonenumber-js";
import { env } from "@/lib/env";
import { currentUser } from "@/lib/auth/admin-context";
import { CreateWorkspaceForm } from "./create-workspace-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create a workspace" };

export default async function Onboarding() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const countries = getCountries()
    .map((code) => ({ code, label: `${names.of(code) ?? code} (+${getCountryCallingCode(code)})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-6 rounded-lg bg-white p-8 shadow-sm ring-1 ring-gray-200">
        <div>
          <h1 className="text-xl font-semibold text-gray-900">Create a workspace</h1>
          <p className="mt-1 text-sm text-gray-600">A workspace holds your contacts and your branded client portal. You will be its owner.</p>
        </div>
        <CreateWorkspaceForm countries={countries} portalDomain={env.portalRootDomain} />
      </div>
    </main>
  );
}
