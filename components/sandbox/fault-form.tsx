"use client";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { useSandboxAction } from "@/components/sandbox/use-sandbox-action";
import type { FaultsDto } from "@/lib/integrations/sandbox/panel";

type Props = { faults: FaultsDto; canEdit: boolean; action: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState> };

/** Fault injection settings of one sandbox account (read-only below admin). */
export function FaultForm({ faults, canEdit, action }: Props) {
  const { state, pending, ready, onSubmit } = useSandboxAction(action);
  const num = (name: keyof FaultsDto, label: string, step: string, max: string) => (
    <FormField label={label} name={name} error={state?.fields?.[name]}>
      {(p) => <Input {...p} type="number" step={step} min="0" max={max} defaultValue={String(faults[name])} disabled={!canEdit} />}
    </FormField>
  );
  const check = (name: keyof FaultsDto, label: string) => (
    <div className="flex items-center gap-2">
      <Checkbox id={name} name={name} defaultChecked={Boolean(faults[name])} disabled={!canEdit} />
      <Label htmlFor={name}>{label}</Label>
    </div>
  );
  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="fault-form">
      {num("latencyMs", "Latency (ms)", "1", "60000")}
      {num("errorRate", "5xx error rate (0–1)", "0.05", "1")}
      {num("timeoutRate", "Timeout rate (0–1)", "0.05", "1")}
      {num("retryAfterSeconds", "Retry-After (s)", "1", "3600")}
      {num("webhookDropRate", "Drop webhooks (0–1)", "0.05", "1")}
      {num("webhookDuplicateRate", "Duplicate webhooks (0–1)", "0.05", "1")}
      <div className="flex flex-col justify-end gap-2">
        {check("forceRateLimit", "Force rate limit")}
        {check("webhookOutOfOrder", "Out-of-order webhooks")}
      </div>
      <div className="flex items-end">
        {canEdit ? (
          <Button type="submit" disabled={pending || !ready}>
            Save faults
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">Only admins and owners can change faults.</p>
        )}
      </div>
    </form>
  );
}
