import { json } from "@/lib/api/api-route";
import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// The API's description, readable without a key so tools can import it.
export function GET() {
  return json(openApiDocument(env.appUrl));
}
