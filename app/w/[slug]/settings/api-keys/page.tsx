import Link from "next/link";
import { KeyRound } from "lucide-react";
import { ApiKeysTable } from "@/components/api/api-keys-table";
import { CreateApiKeyForm } from "@/components/api/create-api-key-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { listApiKeys } from "@/lib/api/api-keys";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspaceRole(slug, "admin");
  const keys = await listApiKeys(access);
  const s = access.workspace.slug;
  return (
    <div className="space-y-6">
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let your own apps use the public API (<code className="font-mono">/api/v1</code>). Each key has scopes and can be revoked.{" "}
            <Link className="text-primary underline-offset-4 hover:underline" href={`/w/${s}/api-reference`}>
              API reference
            </Link>
          </>
        }
      />
      <Card title="Create a key">
        <CreateApiKeyForm action={createApiKeyAction.bind(null, s)} />
      </Card>
      <Card title="Keys" description="Only a prefix of each key is kept; the key itself is stored as a hash.">
        {keys.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API keys yet" description="Create a key above and give it to your app." />
        ) : (
          <ApiKeysTable keys={keys} revokeAction={revokeApiKeyAction.bind(null, s)} />
        )}
      </Card>
    </div>
  );
}
