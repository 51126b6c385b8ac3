"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { addDomain } from "@/lib/domains/add-domain";
import { checkDomainNow } from "@/lib/domains/check-domain";
import { addDomainSchema, domainIdSchema } from "@/lib/domains/domain-schema";
import { makePrimaryDomain, removeDomain } from "@/lib/domains/remove-domain";

// Adding checks DNS at once: an admin who created the records first sees them found straight away.
export const addDomainAction = adminAction(addDomainSchema, "admin", async (ctx, input) => {
  const added = await addDomain(ctx, input);
  const checked = await checkDomainNow(ctx, { id: added.id });
  return { ...added, status: checked[0]?.status ?? "pending" };
});
export const checkDomainAction = adminAction(domainIdSchema, "admin", (ctx, input) => checkDomainNow(ctx, input));
export const makePrimaryDomainAction = adminAction(domainIdSchema, "admin", makePrimaryDomain);
export const removeDomainAction = adminAction(domainIdSchema, "admin", removeDomain);

// Form POSTs (they work before hydration); a checkbox posts "on" when ticked and nothing when not.
export const addDomainFormAction = formStateAction(addDomainAction, { refresh: true, input: (v) => ({ domain: v.domain ?? "", withCompanion: v.withCompanion === "on" }) });
export const checkDomainFormAction = formStateAction(checkDomainAction, { refresh: true, input: ({ id }) => ({ id }) });
export const makePrimaryDomainFormAction = formStateAction(makePrimaryDomainAction, { refresh: true, input: ({ id }) => ({ id }) });
export const removeDomainFormAction = formStateAction(removeDomainAction, { refresh: true, input: ({ id }) => ({ id }) });
