import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A card. Shorthand: `<Card title="Members" description="…" actions={<Button/>}>…</Card>`;
 * or compose CardHeader / CardTitle / CardDescription / CardContent / CardFooter yourself.
 */
export function Card({
  title,
  description,
  children,
  actions,
  className,
  contentClassName,
  ...props
}: Omit<ComponentProps<"section">, "title"> & { title?: ReactNode; description?: ReactNode; actions?: ReactNode; contentClassName?: string }) {
  return (
    <section className={cn("min-w-0 rounded-lg border border-border bg-card text-card-foreground shadow-xs", className)} {...props}>
      {title ? (
        <CardHeader>
          <div className="min-w-0">
            <CardTitle>{title}</CardTitle>
            {description ? <CardDescription>{description}</CardDescription> : null}
          </div>
          {actions ? <div className="flex shrink-0 flex-wrap gap-2">{actions}</div> : null}
        </CardHeader>
      ) : null}
      <CardContent className={contentClassName}>{children}</CardContent>
    </section>
  );
}

export function CardHeader({ className, ...props }: ComponentProps<"header">) {
  return <header className={cn("flex flex-wrap items-start justify-between gap-3 border-b border-border px-4 py-4 sm:px-5", className)} {...props} />;
}

export function CardTitle({ className, ...props }: ComponentProps<"h2">) {
  return <h2 className={cn("text-base font-semibold", className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("mt-0.5 text-sm text-muted-foreground", className)} {...props} />;
}

export function CardContent({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("min-w-0 px-4 py-4 sm:px-5", className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentProps<"footer">) {
  return <footer className={cn("flex flex-wrap items-center gap-2 border-t border-border px-4 py-3 sm:px-5", className)} {...props} />;
}
