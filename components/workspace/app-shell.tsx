"use client";

import { Menu } from "lucide-react";
import { usePathname } from "next/navigation";
import { Dialog as DialogPrimitive } from "radix-ui";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { SheetContent } from "@/components/ui/dialog";
import { Logo } from "@/components/ui/logo";
import { CommandPaletteButton, CommandPaletteProvider, type PaletteData } from "@/components/workspace/command-palette";
import { LAST_WORKSPACE_COOKIE } from "@/components/workspace/last-workspace";
import { AlertBell } from "@/components/alerts/alert-bell";

/**
 * The workspace frame: a fixed sidebar from `lg` up; below that a top bar whose menu button opens the same
 * sidebar as a sheet (it closes on navigation). `sidebar` is rendered in both places.
 */
export function AppShell({ sidebar, palette, children }: { sidebar: ReactNode; palette: PaletteData; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const path = usePathname();
  const [lastPath, setLastPath] = useState(path);
  if (path !== lastPath) {
    // navigation happened: close the mobile menu (state adjusted during render, not in an effect)
    setLastPath(path);
    setMenuOpen(false);
  }
  const home = `/w/${palette.slug}`;
  useEffect(() => {
    // /w reads this to open the workspace used last (it checks membership again; the cookie is only a hint)
    document.cookie = `${LAST_WORKSPACE_COOKIE}=${encodeURIComponent(palette.slug)}; path=/; max-age=31536000; samesite=lax`;
  }, [palette.slug]);
  return (
    <CommandPaletteProvider data={palette}>
      <div className="min-h-screen lg:flex">
        <aside className="sticky top-0 hidden h-screen w-64 shrink-0 flex-col gap-5 overflow-y-auto border-r border-border bg-sidebar px-4 py-5 text-sidebar-foreground lg:flex">
          <div className="flex items-center justify-between gap-2">
            <Logo href={home} />
            <AlertBell slug={palette.slug} />
          </div>
          {sidebar}
        </aside>
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-background/95 px-3 backdrop-blur lg:hidden">
          <DialogPrimitive.Root open={menuOpen} onOpenChange={setMenuOpen}>
            <DialogPrimitive.Trigger asChild>
              <Button variant="ghost" size="icon" aria-label="Open menu" data-testid="open-menu">
                <Menu aria-hidden />
              </Button>
            </DialogPrimitive.Trigger>
            <SheetContent title="Menu" className="gap-5 px-4 py-5">
              <Logo href={home} />
              {sidebar}
            </SheetContent>
          </DialogPrimitive.Root>
          <Logo href={home} />
          <div className="ml-auto flex items-center gap-1">
            <AlertBell slug={palette.slug} />
            <CommandPaletteButton compact />
          </div>
        </header>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
          <div className="mx-auto w-full max-w-6xl">{children}</div>
        </main>
      </div>
    </CommandPaletteProvider>
  );
}
