import { AppError, uniqueViolation } from "@/lib/errors";

/** The unique index on lower(name) as the error the form shows beside the name. */
export function templateConflict(e: unknown): unknown {
  return uniqueViolation(e) === "request_templates_name" ? new AppError("REQUEST_TEMPLATE_NAME_TAKEN", "name") : e;
}
