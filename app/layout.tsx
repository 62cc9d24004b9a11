import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import { ThemeProvider } from "@/components/ui/theme-provider";
import { FlashToast } from "@/components/ui/flash-toast";
import { Toaster } from "@/components/ui/toaster";
import { TooltipProvider } from "@/components/ui/tooltip";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchboard", template: "%s · Switchboard" },
  description: "Open-source, self-hostable CRM integration hub: keep contacts, leads, orders and appointments in sync.",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1320" },
  ],
};

// suppressHydrationWarning: next-themes sets the `dark` class on <html> before React hydrates (no flash).
// Reading the request's nonce also renders every page per request, which a nonce CSP needs (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen font-sans">
        <ThemeProvider nonce={nonce}>
          <TooltipProvider>
            <QueryProvider>{children}</QueryProvider>
            <Toaster />
            <FlashToast />
          </TooltipProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
