import type { RequestItemKind } from "@/lib/db/schema/opportunities";
import type { FormAction } from "@/lib/actions/form-state";

/** An item as the editor shows it: `ref` is a request item's id or a template item's position. */
export type EditorItem = {
  ref: string;
  kind: RequestItemKind;
  label: string;
  helpText: string | null;
  required: boolean;
  options: string[] | null;
  /** Answers and documents applicants gave (requests only): removing the item deletes them. */
  used?: number;
};

export type ItemActions = {
  add: FormAction<unknown>;
  update: FormAction<unknown>;
  remove: FormAction<unknown>;
  move: FormAction<unknown>;
};
