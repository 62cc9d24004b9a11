"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { useSandboxAction } from "@/components/sandbox/use-sandbox-action";

/** Another seeded account of one provider (to test several portals / locations). */
export function AddAccountForm({ providerName, action }: { providerName: string; action: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState> }) {
  const { state, pending, ready, onSubmit } = useSandboxAction(action);
  return (
    <form onSubmit={onSubmit} className="flex min-w-0 flex-wrap items-center gap-2">
      <Input name="name" aria-label={`Name of the new ${providerName} account`} placeholder="Name (optional)" className="h-8 w-44" aria-invalid={state?.fields?.name ? true : undefined} />
      <Button type="submit" size="sm" variant="secondary" disabled={pending || !ready}>
        Add account
      </Button>
    </form>
  );
}
