import Link from "next/link";
import { Card } from "@/components/ui/card";
import { RecordForm } from "@/components/sandbox/record-form";
import { PageHeader } from "@/components/workspace/page-header";
import { orNotFound, requireSandboxPanel } from "@/lib/integrations/sandbox/panel-access";
import { getAccountView, getRecordForm } from "@/lib/integrations/sandbox/panel";
import { deleteRecordAction, saveRecordAction } from "../../../actions";

export const metadata = { title: "Sandbox record" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; accountId: string; recordId: string }>; searchParams: Promise<{ object?: string }> };

export default async function SandboxRecordPage({ params, searchParams }: Props) {
  const { slug, accountId, recordId } = await params;
  const access = await requireSandboxPanel(slug);
  const sp = await searchParams;
  const ws = access.workspace.id;
  const objectType = sp.object ?? (await orNotFound(getAccountView(ws, accountId, undefined, 0, 0))).objectType;
  const externalId = recordId === "new" ? null : decodeURIComponent(recordId);
  const { account, form } = await orNotFound(getRecordForm(ws, accountId, objectType, externalId));
  const s = access.workspace.slug;
  return (
    <div className="space-y-6">
      <PageHeader
        title={externalId ? `Record ${externalId}` : "New record"}
        description={
          <>
            <Link href={`/w/${s}/sandbox`} className="text-primary underline underline-offset-2">
              Sandbox
            </Link>{" "}
            /{" "}
            <Link href={`/w/${s}/sandbox/${account.id}?object=${encodeURIComponent(objectType)}`} className="text-primary underline underline-offset-2">
              {account.providerName} · {account.name}
            </Link>
          </>
        }
      />
      <Card title="Fields" description="Changes here are made as a person in the provider's UI would make them: the sandbox sends its webhooks.">
        <RecordForm
          form={form}
          canEdit={access.canEdit}
          save={saveRecordAction.bind(null, s, account.id, objectType, externalId)}
          remove={deleteRecordAction.bind(null, s, account.id, objectType, externalId ?? "")}
        />
      </Card>
    </div>
  );
}
