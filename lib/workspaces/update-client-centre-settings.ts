import "server-only";
import { eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { publishChange } from "@/lib/changes/publish-change";
import type { DbOrTx } from "@/lib/db";
import { workspaces, type SecuritySettings, type SmsSettings } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { assertStorable } from "@/lib/validation/storable-text";
import { clientCentreSettingsSchema, DEFAULT_SMS_COUNTRIES, TWO_FACTOR_IDLE_MINUTES, type ClientCentreSettingsValues } from "./update-client-centre-settings-schema";

/** The workspace's Client Centre settings with the defaults filled in (what sign-in, the proxy and SMS use). */
export async function getClientCentreSettings(db: DbOrTx, p: { workspaceId: string }): Promise<ClientCentreSettingsValues> {
  const [row] = await db.select({ s: workspaces.securitySettings, sms: workspaces.smsSettings }).from(workspaces).where(eq(workspaces.id, p.workspaceId));
  const s = row?.s ?? {};
  return {
    twoFactorIdleMinutes: s.twoFactorIdleMinutes ?? TWO_FACTOR_IDLE_MINUTES.default,
    geoBlockedCountries: s.geoBlockedCountries ?? [],
    geoUnknownCountry: s.geoUnknownCountry ?? "allow",
    smsCountries: row?.sms.countries?.length ? row.sms.countries : [...DEFAULT_SMS_COUNTRIES],
  };
}

const list = (a: readonly string[]) => (a.length ? a.join(", ") : "none");

/**
 * Saves re-authentication, geoblocking and the SMS countries in one transaction, audited with before and after.
 * Geoblocking applies from the next request on every instance (a "geo" change drops the proxy's cached policy).
 */
export async function updateClientCentreSettings(ctx: OpsCtx, raw: unknown): Promise<ClientCentreSettingsValues> {
  assertStorable(raw);
  const input = clientCentreSettingsSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ s: workspaces.securitySettings, sms: workspaces.smsSettings })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.workspace.id))
      .for("no key update");
    const security: SecuritySettings = {
      ...(row?.s ?? {}),
      twoFactorIdleMinutes: input.twoFactorIdleMinutes,
      geoBlockedCountries: input.geoBlockedCountries,
      geoUnknownCountry: input.geoUnknownCountry,
    };
    const sms: SmsSettings = { ...(row?.sms ?? {}), countries: input.smsCountries };
    await tx.update(workspaces).set({ securitySettings: security, smsSettings: sms }).where(eq(workspaces.id, ctx.workspace.id));
    await audit(tx, ctx, {
      action: "workspace.client_centre_settings_update",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      summary: `Client Centre: re-authenticate after ${input.twoFactorIdleMinutes} idle minutes; blocked countries ${list(input.geoBlockedCountries)}; unknown country ${input.geoUnknownCountry === "block" ? "blocked" : "allowed"}; SMS to ${list(input.smsCountries)}`,
      data: {
        before: { security: row?.s ?? {}, smsCountries: row?.sms.countries ?? null },
        after: { twoFactorIdleMinutes: input.twoFactorIdleMinutes, geoBlockedCountries: input.geoBlockedCountries, geoUnknownCountry: input.geoUnknownCountry, smsCountries: input.smsCountries },
      },
    });
    await publishChange(tx, { kind: "geo", workspaceId: ctx.workspace.id });
    await publishChange(tx, { kind: "workspace", workspaceId: ctx.workspace.id });
  });
  return input;
}
