import Link from "next/link";

/** "← Contacts": the way back up, above a page's header. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <div>
      <Link href={href} className="text-sm text-muted-foreground hover:text-foreground">
        ← {label}
      </Link>
    </div>
  );
}
