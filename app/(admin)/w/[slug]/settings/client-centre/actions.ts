"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import { clientCentreSettingsSchema, type ClientCentreSettingsValues } from "@/lib/workspaces/update-client-centre-settings-schema";
import { updateClientCentreSettings } from "@/lib/workspaces/update-client-centre-settings";

export const updateClientCentreSettingsAction = adminAction(clientCentreSettingsSchema, "admin", updateClientCentreSettings);

const LISTS = ["geoBlockedCountries", "smsCountries"] as const;

/**
 * The settings form's POST (works before hydration). Not formStateAction: the country lists are checkboxes, one
 * value per ticked box under one name, and FormData's last-value-wins view would keep only one of them.
 */
export async function updateClientCentreSettingsFormAction(_prev: FormState<ClientCentreSettingsValues>, data: FormData): Promise<FormState<ClientCentreSettingsValues>> {
  const slug = String(data.get(SLUG_FIELD) ?? "");
  const text = (k: string) => {
    const v = data.get(k);
    return typeof v === "string" ? v.slice(0, 100) : undefined;
  };
  const list = (k: string) => data.getAll(k).filter((v): v is string => typeof v === "string").slice(0, 400).map((v) => v.slice(0, 10));
  const input = {
    twoFactorIdleMinutes: text("twoFactorIdleMinutes"),
    geoUnknownCountry: text("geoUnknownCountry"),
    geoBlockedCountries: list("geoBlockedCountries"),
    smsCountries: list("smsCountries"),
  };
  const result = await updateClientCentreSettingsAction(slug, input);
  const values: Record<string, string> = { twoFactorIdleMinutes: input.twoFactorIdleMinutes ?? "", geoUnknownCountry: input.geoUnknownCountry ?? "" };
  for (const k of LISTS) values[k] = input[k].join(",");
  return { result, values };
}
