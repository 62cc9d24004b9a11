import Link from "next/link";
import { categoryLabels, type TemplateDto } from "@/lib/connections/template-dto";

const authLabels = { oauth2: "OAuth", api_key: "API key" } as const;

export function TemplateCard({ template, href, connections }: { template: TemplateDto; href: string; connections: number }) {
  return (
    <Link
      href={href}
      data-testid={`template-${template.slug}`}
      className="group flex flex-col rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-brand-500"
    >
      <div className="flex items-start gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logos */}
        <img src={template.logo} alt="" width={40} height={40} className="h-10 w-10 shrink-0 rounded-md" />
        <div className="min-w-0 flex-1">
          <div className="flex items-center justify-between gap-2">
            <h2 className="truncate font-semibold text-slate-900 group-hover:text-brand-700">{template.name}</h2>
            {connections > 0 ? (
              <span className="shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700" data-testid="connection-count">
                {connections} connected
              </span>
            ) : null}
          </div>
          <p className="text-xs font-medium text-slate-500 uppercase">{categoryLabels[template.category]}</p>
        </div>
      </div>
      <p className="mt-3 line-clamp-2 flex-1 text-sm text-slate-600">{template.description}</p>
      <div className="mt-4 flex flex-wrap gap-1.5">
        {template.authKinds.map((k) => (
          <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
            {authLabels[k]}
          </span>
        ))}
        {template.objects.map((o) => (
          <span key={o.name} className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">
            {o.label}
          </span>
        ))}
      </div>
    </Link>
  );
}
