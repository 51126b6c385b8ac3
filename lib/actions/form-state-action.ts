import "server-only";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { SLUG_FIELD, type FormState } from "./form-state";

type Opts<R> = {
  /** The page to go to after a success, if any (a redirect works with or without JavaScript). */
  then?: (slug: string, data: R) => string | null;
  /** Shapes the posted strings into the action's input (a checkbox into a boolean, one id into a list, "" into absent). */
  input?: (values: Record<string, string>) => unknown;
  /** After a success, re-render the page's server components too, so lists show the change (JavaScript only: a plain POST re-renders anyway). */
  refresh?: boolean;
};

/**
 * Turns an `adminAction` (slug, object) into the (previous state, FormData) shape `useActionState` posts, so the
 * form is a real POST that works before hydration. The slug travels in a hidden field, not a bound argument: a
 * client-side `.bind` makes React's server render suspend on the bound arguments and retry for ever. The wrapped
 * action still does every check.
 */
export function formStateAction<R>(action: (slug: string, raw: unknown) => Promise<ActionResult<R>>, opts: Opts<R> = {}) {
  return async (_prev: FormState<R>, data: FormData): Promise<FormState<R>> => {
    const slug = String(data.get(SLUG_FIELD) ?? "");
    const values: Record<string, string> = {};
    for (const [k, v] of data) if (typeof v === "string" && k !== SLUG_FIELD && !k.startsWith("$ACTION")) values[k] = v.slice(0, 10_000);
    const result = await action(slug, opts.input ? opts.input(values) : values);
    const next = result.ok && opts.then ? opts.then(slug, result.data) : null;
    if (next) redirect(next);
    if (result.ok && opts.refresh) refresh();
    return { result, values };
  };
}

/** Posted strings with the empty ones left out, so an optional field left blank is absent, not "". */
export const withoutBlanks = (values: Record<string, string | undefined>) => Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string" && v.trim() !== ""));
