import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";
import { WorkspaceNav, type NavItem } from "@/components/workspace/workspace-nav";
import { WorkspaceSwitcher } from "@/components/workspace/workspace-switcher";
import { signOutAction } from "@/app/auth-actions";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { listUserWorkspaces } from "@/lib/workspaces/members";
import { sandboxEnabled } from "@/lib/env";

// The layout guards too (each page also calls requireWorkspace itself: layouts do not re-run on every
// navigation, so a page never relies on its layout for authorization).
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const workspaces = await listUserWorkspaces(access.user.id);
  const base = `/w/${access.workspace.slug}`;
  const showSandbox = sandboxEnabled();
  const nav: NavItem[] = [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/integrations`, label: "Integrations" },
    { href: `${base}/connections`, label: "Connections" },
    { href: `${base}/settings`, label: "Settings" },
  ];
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-64 shrink-0 flex-col gap-6 border-r border-slate-200 bg-slate-50 px-4 py-5">
        <Logo href={base} />
        <WorkspaceSwitcher current={{ slug: access.workspace.slug, name: access.workspace.name, role: access.role }} workspaces={workspaces} />
        <WorkspaceNav items={nav} />
        {showSandbox ? (
          <Link href="/sandbox" className="mt-auto rounded-md px-3 py-2 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-700">
            Provider sandboxes
          </Link>
        ) : null}
        <div className={`${showSandbox ? "" : "mt-auto "}border-t border-slate-200 pt-4`}>
          <p className="truncate text-sm font-medium text-slate-900" data-testid="user-name">
            {access.user.name}
          </p>
          <p className="truncate text-xs text-slate-500">{access.user.email}</p>
          <form action={signOutAction} className="mt-3">
            <button type="submit" className="text-sm font-medium text-slate-600 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
    </div>
  );
}
