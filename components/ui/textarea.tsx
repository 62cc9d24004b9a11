import type { Ref, TextareaHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";

export function Textarea({ className, ref, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  return <textarea ref={ref} className={cn(inputClass, "h-auto min-h-20 py-2", className)} {...props} />;
}
