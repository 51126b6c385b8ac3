import Link from "next/link";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Check your email" };

// No address here: it would have to come from the URL, and addresses never go in a URL.
export default function CheckEmail() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-4 rounded-lg bg-white p-8 shadow-sm ring-1 ring-gray-200">
        <h1 className="text-xl font-semibold text-gray-900">Check your email</h1>
        <p className="text-sm text-gray-700">
          We sent a sign-in link to the address you entered. Open it, then press <strong>Sign in</strong> on the page it opens. The
          link works once and expires in 15 minutes.
        </p>
        {env.devOutboxEnabled && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            No email provider is configured, so the email is in the{" "}
            <a className="font-medium underline" href="/dev/outbox">
              dev outbox
            </a>
            .
          </p>
        )}
        <Link href="/sign-in" className="text-sm font-medium text-brand-700 hover:underline">
          Use a different email
        </Link>
      </div>
    </main>
  );
}
