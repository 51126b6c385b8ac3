import type { ActionResult } from "@/lib/errors";

// Shared by form components (client) and `form-state-action.ts` (server): no server-only imports here.

/** What a form's server action hands back: the result, and the fields as typed so the form can show them again. */
export type FormState<R> = { result?: ActionResult<R>; values?: Record<string, string> };

/** The hidden field that names the workspace; `adminAction` checks membership and role for it like any input. */
export const SLUG_FIELD = "_workspace";

/**
 * A `formStateAction` as a form component takes it. Method syntax makes the state parameter bivariant, so a
 * component may name only the part of the result it reads.
 */
export type FormAction<R> = { post(prev: FormState<R>, data: FormData): Promise<FormState<R>> }["post"];
