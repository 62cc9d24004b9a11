import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-md text-sm text-muted-foreground">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className={buttonClass("secondary")}>
        Back to Switchboard
      </Link>
    </main>
  );
}
