import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { buttonClass } from "@/components/ui/button";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { currentUser } from "@/lib/auth/session";
import { providers as registeredProviders } from "@/lib/integrations/registry";

// From the registry, so a new provider appears here without touching this page; custom templates last.
const providerNames = [
  ...registeredProviders.filter((p) => p.category !== "custom").map((p) => p.name),
  ...(registeredProviders.some((p) => p.category === "custom") ? ["any REST CRM"] : []),
];

const features = [
  { title: "Two-way sync", body: "Contacts, leads, orders and appointments move both ways, with per-field conflict rules and an audit trail of every change." },
  { title: "Webhooks in, webhooks out", body: "Verified inbound webhooks from every CRM, and signed outbound webhooks for your own systems." },
  { title: "A live view of every sync", body: "What moved, what failed and why, and how healthy each connection is — as it happens." },
  { title: "Yours to run", body: "One command starts it on a laptop with an embedded database. Point it at PostgreSQL and Inngest to scale out." },
];

export default async function LandingPage() {
  const user = await currentUser();
  return (
    <div className="min-h-screen bg-background">
      <header className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-5 sm:px-6">
        <Logo />
        <nav className="flex items-center gap-2">
          <ThemeToggle />
          {user ? (
            <Link href="/w" className={buttonClass("primary")}>
              Open your workspace
            </Link>
          ) : (
            <>
              <Link href="/sign-in" className={buttonClass("ghost")}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClass("primary")}>
                Sign up free
              </Link>
            </>
          )}
        </nav>
      </header>
      <main>
        <section className="mx-auto max-w-4xl px-4 pt-12 pb-12 text-center sm:px-6 sm:pt-16">
          <p className="text-sm font-semibold tracking-wide text-primary uppercase">Open-source CRM integration hub</p>
          <h1 className="mt-3 text-3xl font-bold tracking-tight sm:text-5xl">Keep every CRM your customers use in sync.</h1>
          <p className="mx-auto mt-5 max-w-2xl text-base text-muted-foreground sm:text-lg">
            Switchboard connects {providerNames.slice(0, -1).join(", ")} and {providerNames.at(-1)} to one hub of contacts, leads, orders and appointments — and keeps
            them in sync both ways. Self-host it, or run it for your whole team.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
            <Link href={user ? "/w" : "/sign-up"} className={buttonClass("primary", "text-base", "lg")}>
              {user ? "Go to your workspace" : "Create your workspace"}
            </Link>
            {user ? null : (
              <Link href="/sign-in" className={buttonClass("secondary", "text-base", "lg")}>
                Sign in
              </Link>
            )}
          </div>
        </section>
        <section className="mx-auto grid max-w-5xl gap-4 px-4 pb-20 sm:grid-cols-2 sm:gap-6 sm:px-6">
          {features.map((f) => (
            <div key={f.title} className="rounded-xl border border-border bg-card p-6">
              <h2 className="font-semibold">{f.title}</h2>
              <p className="mt-2 text-sm text-muted-foreground">{f.body}</p>
            </div>
          ))}
        </section>
      </main>
      <footer className="border-t border-border py-6 text-center text-xs text-muted-foreground">Switchboard is open source and self-hostable.</footer>
    </div>
  );
}
