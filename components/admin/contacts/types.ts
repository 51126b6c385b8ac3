import type { ActionResult } from "@/lib/errors";

/** A server action as the contacts pages hand it to client components: (workspace slug, input) → result. */
export type ContactAction<I, R> = (slug: string, input: I) => Promise<ActionResult<R>>;

export type ContactFormData = { id: string; firstName: string; lastName: string; email: string; phone: string; company: string };
