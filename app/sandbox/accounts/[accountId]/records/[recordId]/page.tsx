import { notFound } from "next/navigation";
import { deleteRecordAction, saveRecordAction } from "@/app/sandbox/actions";
import { RecordForm } from "@/components/sandbox/record-form";
import { Card, SandboxShell } from "@/components/sandbox/sandbox-shell";
import { requireSandboxPanel } from "@/lib/integrations/sandbox/panel-guard";
import { isAppError } from "@/lib/errors/app-error";
import { getRecordForm } from "@/lib/integrations/sandbox/panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ accountId: string; recordId: string }>; searchParams: Promise<{ object?: string; saved?: string }> };

export default async function SandboxRecordPage({ params, searchParams }: Props) {
  await requireSandboxPanel();
  const { accountId, recordId } = await params;
  const sp = await searchParams;
  if (!sp.object) notFound();
  const externalId = recordId === "new" ? null : decodeURIComponent(recordId);
  const { account, form } = await getRecordForm(accountId, sp.object, externalId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  return (
    <SandboxShell
      title={externalId ? `${form.objectType} ${externalId}` : `New ${form.objectType}`}
      crumbs={[{ href: `/sandbox/accounts/${account.id}?object=${encodeURIComponent(form.objectType)}`, label: `${account.providerName} · ${account.name}` }]}
    >
      {sp.saved && <p className="mb-4 rounded-md bg-emerald-50 px-4 py-2 text-sm text-emerald-700">Saved. The provider&apos;s webhooks for this change have been sent.</p>}
      <Card>
        <RecordForm accountId={account.id} form={form} save={saveRecordAction} remove={deleteRecordAction} />
      </Card>
    </SandboxShell>
  );
}
