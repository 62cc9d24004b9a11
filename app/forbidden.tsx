import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

// Shown with HTTP 403 when a signed-in member tries something their role does not allow (for example a
// page opened as an admin who has since been made a member). lib/auth/workspace-guard.ts calls forbidden().
export default function Forbidden() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-primary">403</p>
      <h1 className="text-2xl font-semibold">Your role does not allow this</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        Only a workspace admin or owner can do this. Nothing was changed. Ask an owner of the workspace to change your role if you need to.
      </p>
      <Link href="/w" className={buttonClass("secondary")}>
        Back to your workspaces
      </Link>
    </main>
  );
}
