// The GET filter form and the pager of the workspace lists (runs, audit log): the filters as labelled
// fields, "Apply filters" and "Clear"; "Newest" and "Older" links under the list. Works without script.
import Link from "next/link";
import type { ReactNode } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

export function FilterBar({ label, clearHref, filtered, className, children }: { label: string; clearHref: string; filtered: boolean; className: string; children: ReactNode }) {
  return (
    <Card>
      <form method="get" className={cn("grid grid-cols-2 gap-3", className)} aria-label={label}>
        {children}
        <div className="col-span-full flex flex-wrap gap-2">
          <Button type="submit" size="sm">
            Apply filters
          </Button>
          {filtered ? (
            <Link href={clearHref} className={buttonClass("outline", "", "sm")}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>
    </Card>
  );
}

export function ListPager({ newestHref, olderHref, olderLabel }: { newestHref: string | null; olderHref: string | null; olderLabel: string }) {
  if (!newestHref && !olderHref) return null;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {newestHref ? (
        <Link href={newestHref} className={buttonClass("outline", "", "sm")}>
          Newest
        </Link>
      ) : null}
      {olderHref ? (
        <Link href={olderHref} className={buttonClass("outline", "", "sm")}>
          {olderLabel}
        </Link>
      ) : null}
    </div>
  );
}

/** The list's own URL with the current filters and the given overrides (an empty value drops the key). */
export function listHref(path: string, filters: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, before: undefined, ...extra })) if (typeof v === "string" && v) q.set(k, v);
  return `${path}${q.size ? `?${q.toString()}` : ""}`;
}
