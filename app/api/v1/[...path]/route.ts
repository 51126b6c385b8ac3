import { errorResponse } from "@/lib/api/api-route";

export const dynamic = "force-dynamic";

// Unknown /api/v1 paths answer in the API's JSON error shape rather than with the HTML 404 page.
function notFound() {
  return errorResponse("NOT_FOUND", { message: "There is no such endpoint. The endpoints are listed at /api/v1/openapi.json." });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
