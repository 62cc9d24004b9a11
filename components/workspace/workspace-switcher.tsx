"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

type Ws = { slug: string; name: string; role: string };

/** Every workspace shows its slug too, so two workspaces with the same name are told apart. */
export function WorkspaceSwitcher({ current, workspaces }: { current: Ws; workspaces: Ws[] }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Workspace: ${current.name} (/w/${current.slug}). Switch workspace`}
        className="flex w-full items-center justify-between gap-2 rounded-md border border-border bg-card px-3 py-2 text-left text-sm shadow-xs hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
      >
        <span className="min-w-0">
          <span className="block truncate font-semibold" data-testid="current-workspace">
            {current.name}
          </span>
          <span className="block truncate text-xs text-muted-foreground">/w/{current.slug}</span>
        </span>
        <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-muted-foreground" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-[var(--radix-dropdown-menu-trigger-width)] min-w-60">
        <DropdownMenuLabel>Your workspaces</DropdownMenuLabel>
        {workspaces.map((w) => (
          <DropdownMenuItem key={w.slug} asChild>
            <Link href={`/w/${w.slug}`} data-testid={`switch-${w.slug}`}>
              <span className="min-w-0 flex-1">
                <span className={`block truncate ${w.slug === current.slug ? "font-semibold" : ""}`}>{w.name}</span>
                <span className="block truncate text-xs text-muted-foreground">
                  /w/{w.slug} · {w.role}
                </span>
              </span>
              {w.slug === current.slug ? <Check aria-label="current" /> : null}
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/w/new">
            <Plus aria-hidden /> New workspace
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
