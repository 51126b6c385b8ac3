import "server-only";
import type { ActionResult } from "@/lib/errors";

/** What a form's server action hands back: the result, and the fields as typed so the form can show them again. */
export type FormState<R> = { result?: ActionResult<R>; values?: Record<string, string> };

/**
 * Turns an `adminAction` (slug, object) into the (slug, previous state, FormData) shape `useActionState` posts, so
 * the form is a real POST that works before hydration. Bind the slug (`action.bind(null, slug)`); progressive
 * enhancement carries bound arguments in hidden fields. The wrapped action still does every check.
 */
export function formStateAction<R>(action: (slug: string, raw: unknown) => Promise<ActionResult<R>>) {
  return async (slug: string, _prev: FormState<R>, data: FormData): Promise<FormState<R>> => {
    const values: Record<string, string> = {};
    for (const [k, v] of data) if (typeof v === "string" && !k.startsWith("$ACTION")) values[k] = v.slice(0, 10_000);
    return { result: await action(String(slug), values), values };
  };
}
