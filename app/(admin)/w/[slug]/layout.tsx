import Link from "next/link";
import { NavLink } from "@/components/admin/nav-link";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { listMyWorkspaces } from "@/lib/auth/admin-context";
import { requirePage } from "@/lib/auth/page-guard";
import { hasRole, roleLabels } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "marketing");
  const mine = await listMyWorkspaces(ctx.db, ctx.user.id);
  const base = `/w/${ctx.workspace.slug}`;
  const isAdmin = hasRole(ctx.role, "admin");
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-gray-200 bg-white md:fixed md:inset-y-0 md:w-60 md:border-r md:border-b-0">
        <div className="flex items-center justify-between px-4 py-4 md:block">
          <Link href={base} className="block text-base font-semibold text-gray-900">
            {ctx.workspace.name}
          </Link>
          <p className="text-xs text-gray-500">
            {roleLabels[ctx.role]} · {ctx.user.email}
          </p>
        </div>
        <nav aria-label="Workspace" className="flex gap-1 overflow-x-auto px-2 pb-3 md:block md:space-y-1 md:overflow-visible">
          <NavLink href={base} exact>
            Dashboard
          </NavLink>
          {isAdmin && <NavLink href={`${base}/contacts`}>Contacts</NavLink>}
          {isAdmin && <NavLink href={`${base}/portal`}>Client portal</NavLink>}
          {isAdmin && <NavLink href={`${base}/messages`}>Messages</NavLink>}
          <NavLink href={`${base}/members`}>Members</NavLink>
          {isAdmin && <NavLink href={`${base}/settings/branding`}>Portal branding</NavLink>}
          {isAdmin && <NavLink href={`${base}/settings/domains`}>Domains</NavLink>}
          {isAdmin && <NavLink href={`${base}/settings/email`}>Email settings</NavLink>}
          {isAdmin && <NavLink href={`${base}/settings/portal`}>Sign-in & security</NavLink>}
          {isAdmin && <NavLink href={`${base}/settings/api-keys`}>API keys</NavLink>}
          {isAdmin && <NavLink href={`${base}/audit`}>Audit log</NavLink>}
        </nav>
        <div className="hidden border-t border-gray-100 px-4 py-3 md:absolute md:inset-x-0 md:bottom-0 md:block">
          {mine.length > 1 && (
            <details className="mb-2 text-sm">
              <summary className="cursor-pointer text-gray-700">Switch workspace</summary>
              <ul className="mt-1 space-y-1">
                {mine.map((w) => (
                  <li key={w.slug}>
                    <Link className="text-brand-700 hover:underline" href={`/w/${w.slug}`}>
                      {w.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="flex items-center justify-between">
            <Link href="/onboarding" className="text-sm text-gray-600 hover:text-gray-900">
              New workspace
            </Link>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="flex-1 px-4 py-6 md:ml-60 md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
