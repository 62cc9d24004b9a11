import { BellOff } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { AlertRulesForm } from "@/components/alerts/alert-rules-form";
import { formatUtc } from "@/components/dashboard/dashboard-format";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { listAlertRules } from "@/lib/alerts/alert-rules";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { saveAlertRuleAction } from "./actions";

export const metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const canEdit = roleAtLeast(access.role, "admin");
  const [rules, recent] = await Promise.all([listAlertRules(access), listAlerts(access, 50)]);
  const s = access.workspace.slug;
  return (
    <div className="space-y-6">
      <PageHeader title="Alerts" description="Rules are checked every minute per connection. An alert shows under the bell, is e-mailed to owners and admins, and resolves itself when its condition clears. Times in UTC." />
      <Card title="Rules" description={canEdit ? "Switch a rule off, or change when it fires. Changes apply at the next check." : "Only owners and admins can change the rules."}>
        <AlertRulesForm rules={rules} canEdit={canEdit} save={saveAlertRuleAction.bind(null, s)} />
      </Card>
      <Card title="Recent alerts" description="Firing first, then the newest.">
        {recent.alerts.length === 0 ? (
          <EmptyState icon={BellOff} title="No alerts yet" description="When a rule's condition holds for a connection, the alert appears here and under the bell." />
        ) : (
          <ul className="divide-y divide-border" data-testid="alert-history">
            {recent.alerts.map((a) => (
              <li key={a.id} className="space-y-1 py-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="min-w-0 font-medium">{a.title}</span>
                  <Badge variant={a.status === "firing" ? "danger" : "success"}>{a.status}</Badge>
                </div>
                <p className="break-words text-muted-foreground">{a.message}</p>
                <p className="text-xs text-muted-foreground">
                  Fired {formatUtc(a.firedAt)}
                  {a.resolvedAt ? ` · resolved ${formatUtc(a.resolvedAt)}: ${a.resolvedReason ?? "the condition cleared."}` : ""}
                  {a.connectionId ? (
                    <>
                      {" · "}
                      <Link className="text-primary underline underline-offset-2" href={`/w/${s}/runs?connection=${encodeURIComponent(a.connectionId)}`}>
                        runs of this connection
                      </Link>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
