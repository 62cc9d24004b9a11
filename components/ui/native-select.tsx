import { ChevronDown } from "lucide-react";
import type { Ref, SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";

/** A styled native <select>: right for plain forms (works before hydration, on phones it opens the OS picker). */
export function NativeSelect({ className, ref, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  return (
    <div className={cn("relative", className)}>
      <select ref={ref} className={cn(inputClass, "appearance-none pr-8")} {...props} />
      <ChevronDown aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}
