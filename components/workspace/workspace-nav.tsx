"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { visibleNavItems, type NavCount, type NavFeature } from "@/components/workspace/nav-items";

/** The sidebar links of a workspace; the list itself lives in nav-items.ts. */
export function WorkspaceNav({ slug, features = {}, counts = {} }: { slug: string; features?: Partial<Record<NavFeature, boolean>>; counts?: Partial<Record<NavCount, number>> }) {
  const path = usePathname();
  const base = `/w/${slug}`;
  return (
    <nav className="space-y-0.5" aria-label="Workspace">
      {visibleNavItems(features).map((item) => {
        const href = base + item.path;
        const active = item.exact ? path === href : path === href || path.startsWith(href + "/");
        const Icon = item.icon;
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-ring",
              active ? "bg-accent text-accent-foreground" : "text-sidebar-foreground hover:bg-muted",
            )}
          >
            <Icon aria-hidden className={cn("size-4 shrink-0", active ? "text-accent-foreground" : "text-muted-foreground")} />
            {item.label}
            {item.count && (counts[item.count] ?? 0) > 0 ? (
              <span className="ml-auto rounded-full bg-warning/15 px-1.5 text-xs font-semibold text-warning" data-testid={`nav-count-${item.count}`} aria-label={`${counts[item.count]} open`}>
                {counts[item.count]}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
