import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { categoryLabels, type TemplateDto } from "@/lib/connections/template-dto";

const authLabels = { oauth2: "OAuth", api_key: "API key" } as const;

export function TemplateCard({ template, href, connections }: { template: TemplateDto; href: string; connections: number }) {
  return (
    <Link
      href={href}
      data-testid={`template-${template.slug}`}
      className="group flex min-w-0 flex-col rounded-lg border border-border bg-card p-5 shadow-xs transition hover:border-primary/60 hover:shadow-md focus-visible:outline-2 focus-visible:outline-ring"
    >
      <div className="flex items-start gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logos */}
        <img src={template.logo} alt="" width={40} height={40} className="size-10 shrink-0 rounded-md" />
        <div className="min-w-0 flex-1">
          <div className="flex items-center justify-between gap-2">
            <h2 className="truncate font-semibold group-hover:text-primary">{template.name}</h2>
            {connections > 0 ? (
              <Badge variant="info" data-testid="connection-count">
                {connections} connected
              </Badge>
            ) : null}
          </div>
          <p className="text-xs font-medium text-muted-foreground uppercase">{categoryLabels[template.category]}</p>
        </div>
      </div>
      <p className="mt-3 line-clamp-2 flex-1 text-sm text-muted-foreground">{template.description}</p>
      <div className="mt-4 flex flex-wrap gap-1.5">
        {template.authKinds.map((k) => (
          <Badge key={k} variant="outline">
            {authLabels[k]}
          </Badge>
        ))}
        {template.objects.map((o) => (
          <Badge key={o.name} variant="success">
            {o.label}
          </Badge>
        ))}
      </div>
    </Link>
  );
}
