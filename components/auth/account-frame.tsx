import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

/** The frame of the per-user pages (account, mailbox), which belong to no workspace. */
export function AccountFrame({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen bg-background text-foreground">
      <header className="border-b border-border">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Logo />
          <nav className="flex flex-wrap items-center gap-4 text-sm">
            <Link href="/w" className="text-primary underline underline-offset-2">
              Workspaces
            </Link>
            <Link href="/account" className="text-primary underline underline-offset-2">
              Account
            </Link>
            <Link href="/mailbox" className="text-primary underline underline-offset-2">
              Mailbox
            </Link>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-3xl px-4 py-8">{children}</main>
    </div>
  );
}
