"use client";

import Link from "next/link";
import { useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { TooltipContent, TooltipRoot, TooltipTrigger } from "@/components/ui/tooltip";

/**
 * One line of text that ends in "…" instead of widening the page; the full text shows in a tooltip
 * (on hover or keyboard focus) only when it was actually cut. Works from server components too.
 *   <Truncate text={connection.name} />
 *   <Truncate text={connection.name} href={`/w/${slug}/connections/${id}`} className="font-medium" />
 *   <Truncate text={name}>{(t) => <Link …>{t}</Link>}</Truncate>   (render prop: from client components only)
 * The parent needs `min-w-0` (flex/grid) or a width for the cut to happen.
 */
export function Truncate({ text, href, className, children }: { text: string; href?: string; className?: string; children?: (text: string) => ReactNode }) {
  const ref = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);
  const cls = cn("block min-w-0 truncate", href && "hover:text-primary hover:underline focus-visible:outline-2 focus-visible:outline-ring", className);
  return (
    <TooltipRoot
      open={open}
      onOpenChange={(next) => {
        const el = ref.current;
        setOpen(next && el !== null && el.scrollWidth > el.clientWidth);
      }}
    >
      <TooltipTrigger asChild>
        {href ? (
          <Link ref={(el) => void (ref.current = el)} href={href} className={cls}>
            {text}
          </Link>
        ) : (
          <span ref={(el) => void (ref.current = el)} className={cls}>
            {children ? children(text) : text}
          </span>
        )}
      </TooltipTrigger>
      <TooltipContent>{text}</TooltipContent>
    </TooltipRoot>
  );
}
