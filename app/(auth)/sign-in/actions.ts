"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/request-ip";
import { requestSignInLink, requestSignInLinkSchema } from "@/lib/auth/request-sign-in-link";

export type SignInState = { email?: string; fieldError?: string; error?: string };

/** The sign-in form's action: a POST that works before hydration, answered with a redirect that names no address. */
export async function requestSignInAction(_prev: SignInState, data: FormData): Promise<SignInState> {
  const typed = String(data.get("email") ?? "").slice(0, 254);
  const input = requestSignInLinkSchema.safeParse({ email: data.get("email"), callbackUrl: data.get("callbackUrl") });
  if (!input.success) return { email: typed, fieldError: input.error.issues[0]?.message };
  try {
    await requestSignInLink(getDb(), input.data, { ip: clientIp(await headers()) });
  } catch (e) {
    if (isAppError(e)) return { email: typed, error: e.message };
    console.error(e);
    return { email: typed, error: "We could not send the sign-in email. Try again in a moment." };
  }
  redirect("/sign-in/check-email");
}
