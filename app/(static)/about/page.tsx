import type { Metadata } from "next";

// Prerendered at build time: no database, no session. `npm run bench` uses it as the static baseline for the portal pages.
export const dynamic = "force-static";

export const metadata: Metadata = { title: "About" };

export default function About() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold text-gray-900">Client Portal</h1>
      <p className="mt-2 text-sm text-gray-600">
        A self-hostable, multi-tenant client portal. Businesses invite their clients to a branded portal where they sign in without passwords.
      </p>
    </main>
  );
}
