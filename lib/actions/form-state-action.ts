import "server-only";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { SLUG_FIELD, type FormState } from "./form-state";

/**
 * Turns an `adminAction` (slug, object) into the (previous state, FormData) shape `useActionState` posts, so the
 * form is a real POST that works before hydration. The slug travels in a hidden field, not a bound argument: a
 * client-side `.bind` makes React's server render suspend on the bound arguments and retry for ever. The wrapped
 * action still does every check. `then` names the page to go to after a success (a redirect works either way).
 */
export function formStateAction<R>(action: (slug: string, raw: unknown) => Promise<ActionResult<R>>, opts: { then?: (slug: string, data: R) => string } = {}) {
  return async (_prev: FormState<R>, data: FormData): Promise<FormState<R>> => {
    const slug = String(data.get(SLUG_FIELD) ?? "");
    const values: Record<string, string> = {};
    for (const [k, v] of data) if (typeof v === "string" && k !== SLUG_FIELD && !k.startsWith("$ACTION")) values[k] = v.slice(0, 10_000);
    const result = await action(slug, values);
    if (result.ok && opts.then) redirect(opts.then(slug, result.data));
    return { result, values };
  };
}
