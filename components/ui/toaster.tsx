"use client";

import { useTheme } from "next-themes";
import { Toaster as Sonner } from "sonner";

/** Mounted once in the root layout. Show a result anywhere with `import { toast } from "sonner"`. */
export function Toaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      position="bottom-right"
      closeButton
      richColors
      toastOptions={{ classNames: { toast: "text-sm", description: "text-xs" } }}
    />
  );
}
