"use client";

import { Check, ChevronDown } from "lucide-react";
import { Select as SelectPrimitive } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";
import { menuContentClass, menuItemClass } from "@/components/ui/dropdown-menu";

export type SelectOption = { value: string; label: ReactNode; disabled?: boolean };

/**
 * A Radix select. Inside a <form>, pass `name`: Radix renders a hidden native select, so the value is submitted.
 *   <Select id="role" name="role" defaultValue="member" options={[{ value: "member", label: "Member" }]} />
 */
export function Select({
  options,
  placeholder,
  id,
  className,
  triggerProps,
  ...root
}: ComponentProps<typeof SelectPrimitive.Root> & {
  options: SelectOption[];
  placeholder?: string;
  id?: string;
  className?: string;
  triggerProps?: Omit<ComponentProps<typeof SelectPrimitive.Trigger>, "id" | "className">;
}) {
  return (
    <SelectPrimitive.Root {...root}>
      <SelectPrimitive.Trigger id={id} className={cn(inputClass, "flex items-center justify-between gap-2 text-left data-[placeholder]:text-muted-foreground", className)} {...triggerProps}>
        <span className="min-w-0 truncate">
          <SelectPrimitive.Value placeholder={placeholder} />
        </span>
        <SelectPrimitive.Icon asChild>
          <ChevronDown aria-hidden className="size-4 shrink-0 text-muted-foreground" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content position="popper" sideOffset={4} className={cn(menuContentClass, "max-h-72 min-w-[var(--radix-select-trigger-width)]")}>
          <SelectPrimitive.Viewport>
            {options.map((o) => (
              <SelectPrimitive.Item key={o.value} value={o.value} disabled={o.disabled ?? false} className={cn(menuItemClass, "pr-8")}>
                <SelectPrimitive.ItemText>{o.label}</SelectPrimitive.ItemText>
                <SelectPrimitive.ItemIndicator className="absolute right-2">
                  <Check aria-hidden />
                </SelectPrimitive.ItemIndicator>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
