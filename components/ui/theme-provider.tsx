"use client";

import { ThemeProvider as NextThemesProvider } from "next-themes";
import type { ReactNode } from "react";

/** Light/dark via a `dark` class on <html>; follows the system until the person picks one. next-themes
 *  injects a blocking script, so the first paint already has the right theme (no flash); it carries the
 *  request's CSP nonce (proxy.ts), as inline scripts without one are refused. */
export function ThemeProvider({ children, nonce }: { children: ReactNode; nonce?: string | undefined }) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange {...(nonce ? { nonce } : {})}>
      {children}
    </NextThemesProvider>
  );
}
