import { connection } from "next/server";

// Rendered per request, not prerendered: the proxy gives every response a fresh CSP nonce, and a page built ahead of
// time carries none, so its scripts would be refused.
export default async function NotFound() {
  await connection();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="text-center">
        <h1 className="text-2xl font-semibold text-gray-900">Page not found</h1>
        <p className="mt-2 text-sm text-gray-600">The page does not exist, or you do not have access to it.</p>
      </div>
    </main>
  );
}
