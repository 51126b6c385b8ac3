import "server-only";
import type { z } from "zod";
import { currentUser, type AdminUser } from "@/lib/auth/admin-context";
import { getDb, type Db } from "@/lib/db";
import { AppError, type ActionResult } from "@/lib/errors";
import { assertStorable } from "@/lib/validation/storable-text";
import { toActionError, validationFailed } from "./admin-action";

/** For the few actions a signed-in user takes outside any workspace (creating one). */
export function userAction<S extends z.ZodType, R>(schema: S, run: (ctx: { db: Db; user: AdminUser }, input: z.infer<S>) => Promise<R>) {
  return async (raw: unknown): Promise<ActionResult<R>> => {
    try {
      const user = await currentUser();
      if (!user) throw new AppError("UNAUTHENTICATED");
      assertStorable(raw);
      const input = schema.safeParse(raw);
      if (!input.success) return validationFailed(input.error);
      return { ok: true, data: await run({ db: getDb(), user }, input.data) };
    } catch (e) {
      return toActionError(e);
    }
  };
}
