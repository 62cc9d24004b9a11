import { Inbox, LogOut, UserRound } from "lucide-react";
import Link from "next/link";
import { signOutAction } from "@/app/auth-actions";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { CommandPaletteButton } from "@/components/workspace/command-palette";
import { WorkspaceNav } from "@/components/workspace/workspace-nav";
import { WorkspaceSwitcher } from "@/components/workspace/workspace-switcher";
import type { NavCount, NavFeature } from "@/components/workspace/nav-items";

type Ws = { slug: string; name: string; role: string };

const userLinkClass =
  "flex items-center gap-2 rounded-md px-1 py-1 text-sm font-medium text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring";

/** What the sidebar (desktop) and the menu sheet (phones) show. */
export function Sidebar({
  current,
  workspaces,
  user,
  features,
  counts,
}: {
  current: Ws;
  workspaces: Ws[];
  user: { name: string; email: string };
  features: Partial<Record<NavFeature, boolean>>;
  counts?: Partial<Record<NavCount, number>>;
}) {
  return (
    <>
      <WorkspaceSwitcher current={current} workspaces={workspaces} />
      <CommandPaletteButton />
      <WorkspaceNav slug={current.slug} features={features} {...(counts ? { counts } : {})} />
      <div className="mt-auto space-y-3">
        <div className="flex items-start gap-2 border-t border-border pt-4">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" data-testid="user-name">
              {user.name}
            </p>
            <p className="truncate text-xs text-muted-foreground">{user.email}</p>
          </div>
          <ThemeToggle />
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Link href="/account" className={userLinkClass}>
            <UserRound aria-hidden className="size-4" /> Account
          </Link>
          <Link href="/mailbox" className={userLinkClass}>
            <Inbox aria-hidden className="size-4" /> Mailbox
          </Link>
          <form action={signOutAction}>
            <button type="submit" className={userLinkClass}>
              <LogOut aria-hidden className="size-4" /> Sign out
            </button>
          </form>
        </div>
      </div>
    </>
  );
}
