"use server";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction, withoutBlanks } from "@/lib/actions/form-state-action";
import { SLUG_FIELD } from "@/lib/actions/form-state";
import { requireAdmin } from "@/lib/auth/admin-context";
import { remindContract, remindContractSchema } from "@/lib/contracts/remind-contract";
import { addContractField, addContractFieldSchema, removeContractField, removeContractFieldSchema, saveContractFields, saveContractFieldsSchema } from "@/lib/contracts/save-contract-fields";
import { sendContract, sendContractSchema } from "@/lib/contracts/send-contract";
import { setContractSigners, setContractSignersSchema } from "@/lib/contracts/set-contract-signers";
import { updateContract, updateContractSchema } from "@/lib/contracts/update-contract";
import { voidContract, voidContractSchema } from "@/lib/contracts/void-contract";
import { isUuid } from "@/lib/db/queries/time-cursor";
import { sealSearch } from "@/lib/opportunities/search-token";

// Every contract form posts here. Contracts hold client documents: role "admin" (marketing members never reach them).
// Forms are real POSTs that work before hydration; a success redirects (or refreshes) so a reload never posts twice.

const ROLE = "admin" as const;
export const updateContractAction = adminAction(updateContractSchema, ROLE, updateContract);
export const setContractSignersAction = adminAction(setContractSignersSchema, ROLE, setContractSigners);
/** The drag-and-drop editor calls this directly with its whole set of fields. */
export const saveContractFieldsAction = adminAction(saveContractFieldsSchema, ROLE, saveContractFields);
export const addContractFieldAction = adminAction(addContractFieldSchema, ROLE, addContractField);
export const removeContractFieldAction = adminAction(removeContractFieldSchema, ROLE, removeContractField);
export const sendContractAction = adminAction(sendContractSchema, ROLE, sendContract);
export const voidContractAction = adminAction(voidContractSchema, ROLE, voidContract);
export const remindContractAction = adminAction(remindContractSchema, ROLE, remindContract);

const page = (slug: string, id: string, notice: string) => `/w/${encodeURIComponent(slug)}/contracts/${id}?notice=${notice}`;
const pick = (keys: string[]) => (v: Record<string, string>) => withoutBlanks(Object.fromEntries(keys.map((k) => [k, v[k]])));
/** A signer list travels as comma-separated ids (each form carries the list it would leave). */
const idList = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

export const updateContractFormAction = formStateAction(updateContractAction, {
  input: ({ contractId, title = "", kind, message = "", signingOrder, opportunityId = "" }) => ({ contractId, title, kind, message, signingOrder, opportunityId }),
  then: (slug, d) => page(slug, d.id, "updated"),
});
export const setContractSignersFormAction = formStateAction(setContractSignersAction, {
  input: (v) => ({ contractId: v.contractId, contactIds: idList(v.contactIds) }),
  then: (slug, d) => page(slug, d.id, "signers"),
});
export const addContractFieldFormAction = formStateAction(addContractFieldAction, {
  input: pick(["contractId", "signerId", "kind", "label"]),
  then: (slug, d) => `${page(slug, d.id, "field_added")}#fields`,
});
export const removeContractFieldFormAction = formStateAction(removeContractFieldAction, { input: pick(["contractId", "fieldId"]), refresh: true });
export const sendContractFormAction = formStateAction(sendContractAction, { input: pick(["contractId"]), then: (slug, d) => page(slug, d.id, "sent") });
export const voidContractFormAction = formStateAction(voidContractAction, { input: pick(["contractId", "reason"]), then: (slug, d) => page(slug, d.id, "voided") });
export const remindContractFormAction = formStateAction(remindContractAction, { input: pick(["contractId"]), then: (slug, d) => page(slug, d.id, "reminded") });

const text = (data: FormData, key: string) => {
  const v = data.get(key);
  return typeof v === "string" ? v.trim().slice(0, 100) : "";
};

/** The signer picker's search: the term may be an email address or a number, so it goes into the URL sealed. */
export async function searchSignersAction(data: FormData): Promise<void> {
  const slug = text(data, SLUG_FIELD);
  await requireAdmin(slug, ROLE);
  const id = text(data, "contractId");
  const base = `/w/${encodeURIComponent(slug)}/contracts`;
  if (!isUuid(id)) redirect(base);
  const q = text(data, "q");
  redirect(`${base}/${id}${q ? `?s=${encodeURIComponent(sealSearch(q))}` : ""}#signers`);
}
