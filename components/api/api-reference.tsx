// Renders the OpenAPI document: one collapsible entry per operation with its parameters, request body
// and responses (schemas as JSON), grouped by tag. Server component: no client code needed.
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

type Schema = Record<string, unknown>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHOD_VARIANT: Record<string, BadgeVariant> = { get: "info", post: "success", patch: "warning", delete: "danger" };

function SchemaBlock({ schema }: { schema: Schema | undefined }) {
  if (!schema) return null;
  return <pre className="bg-muted max-h-80 overflow-auto rounded-md p-3 font-mono text-xs">{JSON.stringify(schema, null, 2)}</pre>;
}

export function ApiReference({ doc }: { doc: OpenApiDoc }) {
  const groups = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return (
    <div className="space-y-6">
      {[...groups.entries()].map(([tag, ops]) => (
        <Card key={tag} title={tag}>
          <div className="divide-border divide-y">
            {ops.map(({ method, path, op }) => (
              <details key={`${method} ${path}`} className="group py-2" data-testid={`op-${method}-${path}`}>
                <summary className="flex min-w-0 cursor-pointer flex-wrap items-center gap-2 py-1">
                  <Badge variant={METHOD_VARIANT[method] ?? "secondary"}>{method.toUpperCase()}</Badge>
                  <code className="font-mono text-sm break-all">/api/v1{path}</code>
                  <span className="text-muted-foreground text-sm">{op.summary}</span>
                </summary>
                <div className="mt-2 space-y-3 pl-1 text-sm">
                  {op.description ? <p className="text-muted-foreground">{op.description}</p> : null}
                  {op.parameters && op.parameters.length > 0 ? (
                    <div>
                      <p className="font-medium">Parameters</p>
                      <ul className="mt-1 space-y-1">
                        {op.parameters.map((p) => (
                          <li key={`${p.in}:${p.name}`} className="min-w-0">
                            <code className="font-mono text-xs">{p.name}</code>{" "}
                            <span className="text-muted-foreground text-xs">
                              ({p.in}
                              {p.required ? ", required" : ""})
                            </span>
                            {p.description ? <span className="text-muted-foreground text-xs"> — {p.description}</span> : null}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {op.requestBody?.content
                    ? Object.entries(op.requestBody.content).map(([type, c]) => (
                        <div key={type}>
                          <p className="font-medium">Request body ({type})</p>
                          <SchemaBlock schema={c.schema} />
                        </div>
                      ))
                    : null}
                  <div>
                    <p className="font-medium">Responses</p>
                    <ul className="mt-1 space-y-2">
                      {Object.entries(op.responses ?? {}).map(([status, r]) => (
                        <li key={status}>
                          <code className="font-mono text-xs">{status}</code>{" "}
                          <span className="text-muted-foreground text-xs">{r.description}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                </div>
              </details>
            ))}
          </div>
        </Card>
      ))}
      <Card title="Schemas">
        <div className="divide-border divide-y">
          {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
            <details key={name} id={`schema-${name}`} className="py-2">
              <summary className="cursor-pointer font-mono text-sm">{name}</summary>
              <SchemaBlock schema={schema} />
            </details>
          ))}
        </div>
      </Card>
    </div>
  );
}
