"use client";

import { useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { TooltipContent, TooltipRoot, TooltipTrigger } from "@/components/ui/tooltip";

/**
 * One line of text that ends in "…" instead of widening the page; the full text shows in a tooltip
 * (on hover or keyboard focus of the element) only when it was actually cut.
 *   <Truncate text={connection.name} />            plain text
 *   <Truncate text={name}>{(t) => <Link …>{t}</Link>}</Truncate>   e.g. a link
 */
export function Truncate({ text, className, children }: { text: string; className?: string; children?: (text: string) => ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <TooltipRoot
      open={open}
      onOpenChange={(next) => {
        const el = ref.current;
        setOpen(next && el !== null && el.scrollWidth > el.clientWidth);
      }}
    >
      <TooltipTrigger asChild>
        <span ref={ref} className={cn("block min-w-0 truncate", className)}>
          {children ? children(text) : text}
        </span>
      </TooltipTrigger>
      <TooltipContent>{text}</TooltipContent>
    </TooltipRoot>
  );
}
