"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { WebhookActionState } from "@/app/w/[slug]/webhooks/actions";

/** A button that runs a server action and toasts its result. */
export function WebhookActionButton({
  action,
  label,
  pendingLabel,
  variant = "secondary",
  testId,
}: {
  action: () => Promise<WebhookActionState>;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "outline";
  testId?: string;
}) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant={variant}
      disabled={pending}
      data-testid={testId}
      onClick={() =>
        start(async () => {
          const s = await action();
          if (s?.error) toast.error(s.error, s.code ? { description: `Error code: ${s.code}` } : undefined);
          else if (s?.ok) toast.success(s.ok);
        })
      }
    >
      {pending ? pendingLabel : label}
    </Button>
  );
}
