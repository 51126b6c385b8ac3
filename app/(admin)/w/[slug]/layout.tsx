import Link from "next/link";
import { MobileNav } from "@/components/admin/mobile-nav";
import { NavLink } from "@/components/admin/nav-link";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { listMyWorkspaces } from "@/lib/auth/admin-context";
import { requirePage } from "@/lib/auth/page-guard";
import { hasRole, roleLabels } from "@/lib/auth/roles";
import { teamUnreadConversations } from "@/lib/db/queries/conversations";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "marketing");
  const mine = await listMyWorkspaces(ctx.db, ctx.user.id);
  const base = `/w/${ctx.workspace.slug}`;
  const isAdmin = hasRole(ctx.role, "admin");
  const unread = isAdmin ? await teamUnreadConversations(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.id, cap: 100 }) : 0;

  // The same links and account controls serve the desktop sidebar and the phone's Menu (only one is displayed).
  const links = (
    <nav aria-label="Workspace" className="space-y-1">
      <NavLink href={base} exact>
        Dashboard
      </NavLink>
      {isAdmin && <NavLink href={`${base}/contacts`}>Contacts</NavLink>}
      {isAdmin && <NavLink href={`${base}/opportunities`}>Opportunities</NavLink>}
      {isAdmin && (
        <NavLink href={`${base}/inbox`}>
          <span className="flex items-center justify-between gap-2">
            Inbox
            {unread > 0 && (
              <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
                {unread > 99 ? "99+" : unread}
                <span className="sr-only"> unread</span>
              </span>
            )}
          </span>
        </NavLink>
      )}
      {isAdmin && <NavLink href={`${base}/documents`}>Documents</NavLink>}
      {isAdmin && <NavLink href={`${base}/contracts`}>Contracts</NavLink>}
      {isAdmin && <NavLink href={`${base}/portal`}>Client portal</NavLink>}
      {isAdmin && <NavLink href={`${base}/messages`}>Messages</NavLink>}
      <NavLink href={`${base}/members`}>Members</NavLink>
      {isAdmin && <NavLink href={`${base}/settings/branding`}>Portal branding</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/domains`}>Domains</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/email`}>Email settings</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/sms`}>SMS</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/portal`}>Sign-in & security</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/client-centre`}>Client Centre</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/request-templates`}>Request templates</NavLink>}
      {isAdmin && <NavLink href={`${base}/settings/api-keys`}>API keys</NavLink>}
      {isAdmin && <NavLink href={`${base}/audit`}>Audit log</NavLink>}
    </nav>
  );
  const account = (
    <>
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
    </>
  );

  return (
    <div className="min-h-screen md:flex">
      <aside className="relative border-b border-gray-200 bg-white md:fixed md:inset-y-0 md:flex md:w-60 md:flex-col md:border-r md:border-b-0">
        <div className="flex items-center justify-between gap-3 px-4 py-3 md:block md:shrink-0 md:py-4">
          <div className="min-w-0">
            <Link href={base} className="block truncate text-base font-semibold text-gray-900">
              {ctx.workspace.name}
            </Link>
            <p className="truncate text-xs text-gray-500">
              {roleLabels[ctx.role]} · {ctx.user.email}
            </p>
          </div>
          <MobileNav>
            {links}
            <div className="mt-3 border-t border-gray-100 px-3 pt-3">{account}</div>
          </MobileNav>
        </div>
        {/* The links scroll on their own when the window is shorter than the list; the account row stays below them. */}
        <div className="hidden px-2 pb-3 md:block md:min-h-0 md:flex-1 md:overflow-y-auto">{links}</div>
        <div className="hidden border-t border-gray-100 px-4 py-3 md:block md:shrink-0">{account}</div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:ml-60 md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
