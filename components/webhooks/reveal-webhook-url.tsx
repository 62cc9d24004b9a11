"use client";

import { Eye } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";

/** The webhook URL that carries a secret: asked for on purpose, then shown with a copy button. */
export function RevealWebhookUrl({ action }: { action: () => Promise<{ url?: string; error?: string; code?: string }> }) {
  const [url, setUrl] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (url) return <CopyField value={url} label="Copy webhook URL" testId="webhook-url" />;
  return (
    <Button
      variant="outline"
      disabled={pending}
      data-testid="webhook-url-reveal"
      onClick={() =>
        start(async () => {
          const res = await action();
          if (res.url) setUrl(res.url);
          else toast.error(res.error ?? "The URL could not be shown.", res.code ? { description: `Error code: ${res.code}` } : undefined);
        })
      }
    >
      <Eye aria-hidden /> {pending ? "Opening…" : "Show the URL with its secret"}
    </Button>
  );
}
