import { test as setup } from "@playwright/test";
import { signIn } from "./helpers";

import { OWNER_STATE } from "./helpers";

// One sign-in for the specs that only need to be the Acme owner: signing in is itself tested elsewhere, and the
// per-address limit on sign-in emails (5 an hour) would refuse a sign-in per test.
setup("sign in as the Acme owner", async ({ page }) => {
  await signIn(page, "owner@acme.test");
  await page.context().storageState({ path: OWNER_STATE });
});
