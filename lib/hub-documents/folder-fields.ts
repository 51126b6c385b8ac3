// The fields folder forms share: a name, and the "clients may upload" checkbox (a form posts "on" or nothing).
import { z } from "zod";

export const folderName = z.string().trim().min(1, "Name the folder.").max(120, "Keep the name under 120 characters.");
export const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "1", "false", "0", ""])])
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");
