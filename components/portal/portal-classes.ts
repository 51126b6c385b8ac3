// The portal's button and input classes, importable from client components (portal-shell.tsx is a server component
// that reads the session for its nav, so a client component must not import it).
export const portalButtonClass =
  "inline-flex w-full items-center justify-center rounded-md px-4 py-2.5 text-sm font-semibold shadow-sm bg-[var(--portal-color)] text-[var(--portal-text)] hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2";

export const portalInputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-base text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300 placeholder:text-gray-400 focus:ring-2 focus:ring-inset focus:ring-gray-900";
