import Link from "next/link";
import { ApiReference, type OpenApiDoc } from "@/components/api/api-reference";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/workspace/page-header";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { openApiDocument } from "@/lib/api/openapi-document";

export const metadata = { title: "API reference" };

export default async function ApiReferencePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const doc = openApiDocument() as unknown as OpenApiDoc;
  return (
    <div className="space-y-6">
      <PageHeader
        title="API reference"
        description={doc.info.description}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <a href="/api/v1/openapi.json">OpenAPI document</a>
            </Button>
            <Button asChild variant="outline">
              <Link href={`/w/${access.workspace.slug}/settings/webhooks`}>Outbound webhooks</Link>
            </Button>
            <Button asChild>
              <Link href={`/w/${access.workspace.slug}/settings/api-keys`}>API keys</Link>
            </Button>
          </div>
        }
      />
      <ApiReference doc={doc} />
    </div>
  );
}
