import { z } from "zod";
import { requestItemKinds, type RequestItemDef, type RequestItemKind } from "@/lib/db/schema/opportunities";
import { storableString } from "@/lib/validation/storable-text";

// One item of a request or a request template: the same rules for both, so a template can never hold an item a
// request would refuse.

export const CHOICE_KINDS: readonly RequestItemKind[] = ["single_choice", "multiple_choice"];
export const isChoiceKind = (k: string) => (CHOICE_KINDS as readonly string[]).includes(k);

export const itemKindLabels: Record<RequestItemKind, string> = {
  short_text: "Short answer",
  long_text: "Long answer",
  date: "Date",
  number: "Number",
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  document: "Document upload",
};

/** Options come as a list (the API, templates' JSON) or as one text with an option per line (a form's textarea). */
const optionsInput = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== "") : v),
  z.array(storableString().trim().min(1, "An option can't be empty.").max(100, "Keep each option under 100 characters.")).optional(),
);

/** A checkbox posts "on" (or nothing); JSON posts a boolean. */
const requiredInput = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const requestItemDefSchema = z
  .object({
    kind: z.enum(requestItemKinds, "Pick what kind of item this is."),
    label: storableString().trim().min(1, "Write the question or the document's name.").max(200, "Keep the label under 200 characters."),
    helpText: storableString().trim().max(1000, "Keep the help text under 1,000 characters.").optional(),
    required: requiredInput.default(false),
    options: optionsInput,
  })
  .superRefine((v, ctx) => {
    if (!isChoiceKind(v.kind)) return;
    const options = v.options ?? [];
    if (options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "A choice needs at least 2 options, one per line." });
    if (options.length > 20) ctx.addIssue({ code: "custom", path: ["options"], message: "A choice can have at most 20 options. Remove some, or use a short answer instead." });
    const seen = new Set<string>();
    for (const o of options) {
      const key = o.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["options"], message: `"${o}" is listed twice. Each option must be different.` });
      seen.add(key);
    }
  })
  .transform(
    (v): RequestItemDef => ({
      kind: v.kind,
      label: v.label,
      helpText: v.helpText || undefined,
      required: v.required,
      // Only choices keep options: a short-text item posted with stray options stores none.
      options: isChoiceKind(v.kind) ? v.options : undefined,
    }),
  );

export const requestItemsSchema = z.array(requestItemDefSchema).max(100, "A request can hold at most 100 items.");
