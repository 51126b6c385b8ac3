import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/db/schema";
import { requireAdmin, type AdminCtx } from "@/lib/auth/admin-context";
import { type ActionResult, errorMessages, isAppError } from "@/lib/errors";

/**
 * Every admin server action goes through this: it loads the admin, the workspace and the role, rejects what the
 * role may not do, validates the input with the operation's zod schema, and turns AppErrors into messages.
 */
export function adminAction<S extends z.ZodType, R>(schema: S, need: Role, run: (ctx: AdminCtx, input: z.infer<S>) => Promise<R>) {
  return async (slug: string, raw: unknown): Promise<ActionResult<R>> => {
    try {
      const ctx = await requireAdmin(String(slug), need);
      const input = schema.safeParse(raw);
      if (!input.success) return validationFailed(input.error);
      return { ok: true, data: await run(ctx, input.data) };
    } catch (e) {
      return toActionError(e);
    }
  };
}

/** zod issues as per-field messages, the shape every form reads. */
export function validationFailed(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return { ok: false, code: "VALIDATION", message: "Check the highlighted fields.", fieldErrors };
}

export function toActionError(e: unknown): ActionResult<never> {
  if (isAppError(e)) {
    return { ok: false, code: e.code, message: e.message, fieldErrors: e.field ? { [e.field]: [e.message] } : undefined };
  }
  console.error(e);
  return { ok: false, code: "INTERNAL", message: errorMessages.INTERNAL };
}
