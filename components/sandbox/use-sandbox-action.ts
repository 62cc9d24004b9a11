"use client";

import { toast } from "sonner";
import { useActionForm } from "@/components/ui/use-action-form";
import type { SandboxActionState } from "@/components/sandbox/action-state";

/** A panel form: keeps what was typed on failure, toasts the result (errors with their code). */
export function useSandboxAction(action: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState>, resetOnSuccess = false) {
  return useActionForm<NonNullable<SandboxActionState>>(action, {
    onResult: (s) => {
      if (s.ok) toast.success(s.ok);
      else if (s.error) toast.error(s.error, s.code ? { description: `Error code: ${s.code}` } : undefined);
    },
    ...(resetOnSuccess ? { resetOnSuccess: (s: NonNullable<SandboxActionState>) => Boolean(s.ok) } : {}),
  });
}
