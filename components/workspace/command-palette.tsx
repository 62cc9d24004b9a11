"use client";

import { Building2, Cable, Moon, Plus, Puzzle, Search, Sun } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTheme } from "next-themes";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { cn } from "@/components/ui/cn";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { overlayClass } from "@/components/ui/dialog";
import { visibleNavItems, type NavFeature } from "@/components/workspace/nav-items";

export type PaletteData = {
  slug: string;
  features: Partial<Record<NavFeature, boolean>>;
  workspaces: { slug: string; name: string }[];
  connections: { id: string; name: string; providerName: string }[];
  templates: { slug: string; name: string }[];
};

const PaletteContext = createContext<(open: boolean) => void>(() => {});

/** Ctrl+K / ⌘K (or the search button): jump to a page, workspace, connection or template by typing. */
export function CommandPaletteProvider({ data, children }: { data: PaletteData; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { resolvedTheme, setTheme } = useTheme();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  const base = `/w/${data.slug}`;
  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };
  return (
    <PaletteContext.Provider value={setOpen}>
      {children}
      <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
        <DialogPrimitive.Portal>
          <DialogPrimitive.Overlay className={overlayClass} />
          <DialogPrimitive.Content
            aria-describedby={undefined}
            className="fixed top-[12vh] left-1/2 z-50 w-[calc(100vw-2rem)] max-w-xl -translate-x-1/2 animate-in overflow-hidden rounded-lg border border-border bg-popover shadow-xl"
          >
            <DialogPrimitive.Title className="sr-only">Command palette</DialogPrimitive.Title>
            <Command loop>
              <CommandInput placeholder="Jump to a page, workspace, connection or integration…" aria-label="Search commands" />
              <CommandList>
                <CommandEmpty>Nothing matches.</CommandEmpty>
                <CommandGroup heading="Pages">
                  {visibleNavItems(data.features).map((item) => (
                    <CommandItem key={item.path} value={`page ${item.label}`} onSelect={() => go(base + item.path)}>
                      <item.icon aria-hidden /> {item.label}
                    </CommandItem>
                  ))}
                </CommandGroup>
                {data.connections.length > 0 ? (
                  <CommandGroup heading="Connections">
                    {data.connections.map((c) => (
                      <CommandItem key={c.id} value={`connection ${c.name} ${c.providerName} ${c.id}`} onSelect={() => go(`${base}/connections/${c.id}`)}>
                        <Cable aria-hidden /> <span className="min-w-0 flex-1 truncate">{c.name}</span>
                        <span className="text-xs text-muted-foreground">{c.providerName}</span>
                      </CommandItem>
                    ))}
                  </CommandGroup>
                ) : null}
                <CommandGroup heading="Integrations">
                  {data.templates.map((t) => (
                    <CommandItem key={t.slug} value={`integration template ${t.name} ${t.slug}`} onSelect={() => go(`${base}/integrations/${t.slug}`)}>
                      <Puzzle aria-hidden /> {t.name}
                    </CommandItem>
                  ))}
                </CommandGroup>
                <CommandGroup heading="Workspaces">
                  {data.workspaces.map((w) => (
                    <CommandItem key={w.slug} value={`workspace ${w.name} ${w.slug}`} onSelect={() => go(`/w/${w.slug}`)}>
                      <Building2 aria-hidden /> <span className="min-w-0 flex-1 truncate">{w.name}</span>
                      <span className="text-xs text-muted-foreground">/w/{w.slug}</span>
                    </CommandItem>
                  ))}
                  <CommandItem value="new workspace create" onSelect={() => go("/w/new")}>
                    <Plus aria-hidden /> New workspace
                  </CommandItem>
                </CommandGroup>
                <CommandGroup heading="Theme">
                  <CommandItem
                    value="toggle theme dark light mode"
                    onSelect={() => {
                      setTheme(resolvedTheme === "dark" ? "light" : "dark");
                      setOpen(false);
                    }}
                  >
                    {resolvedTheme === "dark" ? <Sun aria-hidden /> : <Moon aria-hidden />} Switch to {resolvedTheme === "dark" ? "light" : "dark"} theme
                  </CommandItem>
                </CommandGroup>
              </CommandList>
            </Command>
          </DialogPrimitive.Content>
        </DialogPrimitive.Portal>
      </DialogPrimitive.Root>
    </PaletteContext.Provider>
  );
}

/** The search button that opens the palette (sidebar and mobile top bar). */
export function CommandPaletteButton({ className, compact = false }: { className?: string; compact?: boolean }) {
  const setOpen = useContext(PaletteContext);
  return (
    <button
      type="button"
      onClick={() => setOpen(true)}
      aria-label="Jump to… (Ctrl+K)"
      data-testid="command-palette-button"
      className={cn(
        "flex items-center gap-2 rounded-md border border-border bg-card text-sm text-muted-foreground shadow-xs hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring",
        compact ? "size-9 justify-center" : "w-full px-3 py-1.5",
        className,
      )}
    >
      <Search aria-hidden className="size-4 shrink-0" />
      {compact ? null : (
        <>
          <span className="flex-1 text-left">Jump to…</span>
          <kbd className="rounded border border-border px-1.5 font-mono text-[10px]">Ctrl K</kbd>
        </>
      )}
    </button>
  );
}
