import { signOutAction } from "@/lib/auth/sign-out-action";

/** A form, not an onClick: signing out must work before the page's JavaScript has loaded. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="text-sm font-medium text-gray-600 hover:text-gray-900">
        Sign out
      </button>
    </form>
  );
}
