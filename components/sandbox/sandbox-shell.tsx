import Link from "next/link";
import type { ReactNode } from "react";

/** Page frame of the sandbox control panel. */
export function SandboxShell({ title, crumbs = [], children }: { title: string; crumbs?: { href: string; label: string }[]; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-6xl px-6 py-8 text-slate-800">
      <nav className="mb-2 text-sm text-slate-500">
        <Link href="/sandbox" className="text-indigo-600 hover:underline">Sandboxes</Link>
        {crumbs.map((c) => (
          <span key={c.href}>
            {" / "}
            <Link href={c.href} className="text-indigo-600 hover:underline">{c.label}</Link>
          </span>
        ))}
      </nav>
      <h1 className="mb-1 text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mb-6 text-sm text-slate-500">Provider sandboxes are faithful fakes for tests and the offline demo. Nothing here reaches a real CRM.</p>
      {children}
    </main>
  );
}

export function Card({ title, children, actions }: { title?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="mb-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      {(title || actions) && (
        <div className="mb-4 flex items-center justify-between">
          {title && <h2 className="text-lg font-medium text-slate-900">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
