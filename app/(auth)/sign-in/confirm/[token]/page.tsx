import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { getDb } from "@/lib/db";
import { readSignInLink } from "@/lib/auth/read-sign-in-link";
import { safeCallbackPath } from "@/lib/auth/sign-in-token";

export const dynamic = "force-dynamic";
// The token is in this page's URL: no Referer carries it anywhere (the POST below accepts the `Origin: null` this
// causes, vouched for by Sec-Fetch-Site), and search engines never index it.
export const metadata: Metadata = { title: "Finish signing in", referrer: "no-referrer", robots: { index: false, follow: false } };

/**
 * Where an emailed sign-in link lands. Opening it changes nothing, so a mail scanner fetching it (once or many
 * times) leaves the link working; the Sign in button's POST spends it.
 */
export default async function ConfirmSignIn({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ callbackUrl?: string }> }) {
  const { token } = await params;
  const { callbackUrl } = await searchParams;
  const link = await readSignInLink(getDb(), token);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-4 rounded-lg bg-white p-8 shadow-sm ring-1 ring-gray-200">
        {link.state === "valid" ? (
          <>
            <h1 className="text-xl font-semibold text-gray-900">Finish signing in</h1>
            <p className="text-sm text-gray-700">
              Sign in to Client Portal as
              {/* On its own line, so a long address wraps whole rather than mid-name. */}
              <strong className="mt-0.5 block font-semibold [overflow-wrap:anywhere] text-gray-900">{link.email}</strong>
            </p>
            <form method="post" action="/api/auth/confirm">
              <input type="hidden" name="token" value={token} />
              <input type="hidden" name="callbackUrl" value={safeCallbackPath(callbackUrl)} />
              <button type="submit" className={buttonClass("primary", "w-full")}>
                Sign in
              </button>
            </form>
            <p className="text-xs text-gray-500">Not you, or did not ask to sign in? Close this page; nothing happens until you press Sign in.</p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold text-gray-900">{link.state === "expired" ? "This sign-in link has expired" : "This sign-in link cannot be used"}</h1>
            <p className="text-sm text-gray-700">
              {link.state === "expired"
                ? "Sign-in links last 15 minutes. Ask for a new one: it takes a few seconds."
                : "It was already used, or it is not a complete link. Each link works once. Ask for a new one."}
            </p>
            <Link href="/sign-in" className={buttonClass("primary", "w-full")}>
              Ask for a new link
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
