"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { cn } from "@/components/ui/cn";
import { Tooltip } from "@/components/ui/tooltip";

/**
 * Copies `value` to the clipboard, says so (icon + toast), and is labelled for screen readers.
 * `label` is what it copies, e.g. "Copy webhook URL".
 */
export function CopyButton({
  value,
  label = "Copy",
  size = "icon-sm",
  className,
}: {
  value: string;
  label?: string;
  size?: "icon-xs" | "icon-sm";
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success("Copied to the clipboard");
    } catch {
      toast.error("The browser did not allow copying; select the text and copy it by hand.");
    }
  }
  return (
    <Tooltip content={copied ? "Copied" : label}>
      <button
        type="button"
        aria-label={label}
        data-testid="copy-button"
        onClick={() => void copy()}
        className={cn(
          "inline-flex shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring",
          size === "icon-xs" ? "size-6 [&_svg]:size-3.5" : "size-8 [&_svg]:size-4",
          className,
        )}
      >
        {copied ? <Check aria-hidden className="text-success" /> : <Copy aria-hidden />}
      </button>
    </Tooltip>
  );
}

/** A value people copy (URL, id, key): monospace, truncates instead of widening the page, with a copy button. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div className="flex min-w-0 items-center gap-1 rounded-md border border-border bg-muted/50 py-0.5 pr-0.5 pl-2.5">
      <code data-testid={testId} className="min-w-0 flex-1 truncate font-mono text-xs text-foreground" title={value}>
        {value}
      </code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
