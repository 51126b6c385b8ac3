import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/db/schema";
import { requireAdmin, type AdminCtx } from "@/lib/auth/admin-context";
import { AppError, type ActionResult, errorMessages, fieldErrorsOf, isAppError } from "@/lib/errors";
import { assertStorable, findUnstorable } from "@/lib/validation/storable-text";

/**
 * Every admin server action goes through this: it loads the admin, the workspace and the role, rejects what the
 * role may not do, validates the input with the operation's zod schema, and turns AppErrors into messages.
 */
export function adminAction<S extends z.ZodType, R>(schema: S, need: Role, run: (ctx: AdminCtx, input: z.infer<S>) => Promise<R>) {
  return async (slug: string, raw: unknown): Promise<ActionResult<R>> => {
    try {
      // A client-chosen slug that no workspace can have never reaches the membership query.
      if (typeof slug !== "string" || findUnstorable(slug)) throw new AppError("WORKSPACE_NOT_FOUND");
      const ctx = await requireAdmin(slug, need);
      assertStorable(raw);
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
  return { ok: false, code: "VALIDATION", message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(error) };
}

export function toActionError(e: unknown): ActionResult<never> {
  if (isAppError(e)) {
    // A field error's specific words go beside the field; the form's summary says what kind of problem it is.
    const message = e.code === "TEXT_UNSTORABLE" && e.field ? errorMessages.TEXT_UNSTORABLE : e.message;
    return { ok: false, code: e.code, message, fieldErrors: e.field ? { [e.field]: [e.message] } : undefined };
  }
  console.error(e);
  return { ok: false, code: "INTERNAL", message: errorMessages.INTERNAL };
}
