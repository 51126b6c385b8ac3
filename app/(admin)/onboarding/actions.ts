"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/actions/user-action";
import { createWorkspace, createWorkspaceSchema } from "@/lib/workspaces/create-workspace";
import { toSlug } from "./to-slug";

export const createWorkspaceAction = userAction(createWorkspaceSchema, ({ db, user }, input) => createWorkspace(db, user, input));

export type CreateWorkspaceState = {
  values?: { name: string; slug: string; country: string };
  fieldErrors?: Record<string, string[] | undefined>;
  error?: string;
};

/**
 * The onboarding form's action: a POST that works before hydration. Without JavaScript nobody fills the portal
 * address from the name as you type, so an empty address is derived from the name here.
 */
export async function createWorkspaceFormAction(_prev: CreateWorkspaceState, data: FormData): Promise<CreateWorkspaceState> {
  const text = (k: string, max: number) => String(data.get(k) ?? "").slice(0, max);
  const values = { name: text("name", 200), slug: text("slug", 100), country: text("country", 8) };
  const res = await createWorkspaceAction({ ...values, slug: values.slug.trim() || toSlug(values.name) });
  if (res.ok) redirect(`/w/${res.data.slug}`);
  if (res.code === "UNAUTHENTICATED") redirect("/sign-in?callbackUrl=%2Fonboarding");
  return { values, fieldErrors: res.fieldErrors, error: res.fieldErrors ? undefined : res.message };
}
