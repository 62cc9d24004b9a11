"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";

export function AcceptInvitation({ action, label }: { action: (s: { error?: string } | undefined) => Promise<{ error?: string } | undefined>; label: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="space-y-4">
      {state?.error ? <FormMessage kind="error">{state.error}</FormMessage> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : label}
      </Button>
    </form>
  );
}
