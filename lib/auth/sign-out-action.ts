"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { endSession } from "./end-session";
import { sessionCookie } from "./session-cookie";

/** Sign out as a form POST (server actions are same-origin only), so it works before the page's JavaScript too. */
export async function signOutAction() {
  const jar = await cookies();
  const c = sessionCookie();
  const raw = jar.get(c.name)?.value;
  if (raw) await endSession(getDb(), raw);
  jar.delete({ name: c.name, path: c.options.path, secure: c.options.secure, httpOnly: true, sameSite: "lax" });
  redirect("/sign-in");
}
