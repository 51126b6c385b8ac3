import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/admin-context";
import { safeCallbackPath } from "@/lib/auth/sign-in-token";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

// Codes the confirm step and older links send here; each says what happened and what to do next.
const notices: Record<string, string> = {
  LINK_INVALID: "That sign-in link was already used or is not valid. Enter your email to get a new one.",
  LINK_EXPIRED: "That sign-in link has expired (links last 15 minutes). Enter your email to get a new one.",
  Verification: "That sign-in link has expired or was already used. Enter your email to get a new one.",
  Default: "Sign-in failed. Enter your email to get a new link.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  // Someone already signed in who follows an invitation's link goes where the link points.
  if (await currentUser()) redirect(`/?next=${encodeURIComponent(safeCallbackPath(callbackUrl))}`);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg bg-white p-8 shadow-sm ring-1 ring-gray-200">
        <div>
          <h1 className="text-xl font-semibold text-gray-900">Sign in to Client Portal</h1>
          <p className="mt-1 text-sm text-gray-600">We will email you a link. No password needed.</p>
        </div>
        <SignInForm notice={error ? (notices[error] ?? notices.Default) : undefined} callbackUrl={safeCallbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
