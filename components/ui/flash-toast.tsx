"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { toast } from "sonner";
import { FLASH_COOKIE } from "@/components/ui/flash";

/**
 * Shows a message a server action left for the next page (e.g. "Workspace deleted") as a toast, then
 * clears it. Checked on every navigation, because server-action redirects are client-side navigations.
 */
export function FlashToast() {
  const path = usePathname();
  useEffect(() => {
    const raw = document.cookie.split("; ").find((c) => c.startsWith(`${FLASH_COOKIE}=`));
    if (!raw) return;
    document.cookie = `${FLASH_COOKIE}=; path=/; max-age=0; samesite=lax`;
    const message = decodeURIComponent(raw.slice(FLASH_COOKIE.length + 1));
    if (message) toast.success(message, { id: "flash", duration: 8000 });
  }, [path]);
  return null;
}
