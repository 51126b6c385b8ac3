import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/admin-context";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

const errors: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Enter your email to get a new one.",
  EmailSignin: "We could not send the sign-in email. Try again in a moment.",
  Default: "Sign-in failed. Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  // Someone already signed in who follows an invitation's link goes where the link points.
  if (await currentUser()) redirect(`/?next=${encodeURIComponent(safeCallback(callbackUrl))}`);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg bg-white p-8 shadow-sm ring-1 ring-gray-200">
        <div>
          <h1 className="text-xl font-semibold text-gray-900">Sign in to Client Portal</h1>
          <p className="mt-1 text-sm text-gray-600">We will email you a link. No password needed.</p>
        </div>
        <SignInForm error={error ? (errors[error] ?? errors.Default) : undefined} callbackUrl={safeCallback(callbackUrl)} />
      </div>
    </main>
  );
}

/** Only same-site paths: an open redirect after sign-in is a phishing gift. */
function safeCallback(url?: string) {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}
