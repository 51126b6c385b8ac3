import { getDb } from "@/lib/db";
import { atLeast, field, portalForm } from "@/lib/portal/portal-form";
import { seeOther } from "@/lib/portal/portal-request";
import { refreshLink } from "@/lib/portal/refresh-link";

// "Email me a fresh sign-in link" from an expired or replaced link: it goes to the address on file, never a typed one.
export const POST = portalForm(
  () => "/sign-in",
  async (portal, form) => {
    await atLeast(400, refreshLink(getDb(), { workspace: portal.workspace, token: field(form, "token", 200), ip: portal.ip }));
    return seeOther("/sign-in/check-email?fresh=1");
  },
);
