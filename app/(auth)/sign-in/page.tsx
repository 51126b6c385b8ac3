import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/admin-context";
import { safeCallbackPath } from "@/lib/auth/sign-in-token";
import { messageForCode } from "@/lib/errors";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

// Codes the confirm step sends here (lib/errors.ts words them); anything else (an old next-auth `?error=`) reads as a
// link that no longer works.
const notice = (error: string) => messageForCode(error === "LINK_EXPIRED" ? error : "LINK_INVALID");

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
        <SignInForm notice={error ? notice(error) : undefined} callbackUrl={safeCallbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
