import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

export function AuthShell({ title, subtitle, children }: { title: string; subtitle: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-background px-4 py-12 text-foreground">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-border bg-card p-8 text-card-foreground shadow-sm">
        <h1 className="text-xl font-semibold">{title}</h1>
        <div className="mt-1 text-sm text-muted-foreground">{subtitle}</div>
        <div className="mt-6">{children}</div>
      </div>
    </main>
  );
}
