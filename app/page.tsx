import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { buttonClass } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";

const providers = ["GoHighLevel", "HubSpot", "Salesforce", "Pipedrive", "ActiveCampaign", "Loops.so", "KeyCRM", "any REST CRM"];

const features = [
  { title: "Two-way sync", body: "Contacts, leads, orders and appointments move both ways, with per-field conflict rules and an audit trail of every change." },
  { title: "Webhooks in, webhooks out", body: "Verified inbound webhooks from every CRM, and signed outbound webhooks for your own systems." },
  { title: "A live view of every sync", body: "What moved, what failed and why, and how healthy each connection is — as it happens." },
  { title: "Yours to run", body: "One command starts it on a laptop with an embedded database. Point it at PostgreSQL and Inngest to scale out." },
];

export default async function LandingPage() {
  const user = await currentUser();
  return (
    <div className="min-h-screen bg-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-5">
        <Logo />
        <nav className="flex items-center gap-3">
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
        <section className="mx-auto max-w-4xl px-6 pt-16 pb-12 text-center">
          <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Open-source CRM integration hub</p>
          <h1 className="mt-3 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">Keep every CRM your customers use in sync.</h1>
          <p className="mx-auto mt-5 max-w-2xl text-lg text-slate-600">
            Switchboard connects {providers.slice(0, -1).join(", ")} and {providers.at(-1)} to one hub of contacts, leads, orders and appointments — and keeps
            them in sync both ways. Self-host it, or run it for your whole team.
          </p>
          <div className="mt-8 flex justify-center gap-3">
            <Link href={user ? "/w" : "/sign-up"} className={buttonClass("primary", "px-5 py-2.5 text-base")}>
              {user ? "Go to your workspace" : "Create your workspace"}
            </Link>
            {user ? null : (
              <Link href="/sign-in" className={buttonClass("secondary", "px-5 py-2.5 text-base")}>
                Sign in
              </Link>
            )}
          </div>
        </section>
        <section className="mx-auto grid max-w-5xl gap-6 px-6 pb-20 sm:grid-cols-2">
          {features.map((f) => (
            <div key={f.title} className="rounded-xl bg-slate-50 p-6 ring-1 ring-slate-200">
              <h2 className="font-semibold text-slate-900">{f.title}</h2>
              <p className="mt-2 text-sm text-slate-600">{f.body}</p>
            </div>
          ))}
        </section>
      </main>
      <footer className="border-t border-slate-100 py-6 text-center text-xs text-slate-500">Switchboard is open source and self-hostable.</footer>
    </div>
  );
}
