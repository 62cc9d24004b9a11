"use client";
// The workspace's alert rules, one row each: on/off and the threshold in its unit. Admins save a row at a
// time (a toast says what changed; a refused value stays in the field with the reason under it); members
// see the rules read-only.
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { AlertRuleDto } from "@/lib/alerts/alert-rules";

export type RuleActionResult = { ok: true; rule: AlertRuleDto } | { ok: false; message: string; field?: string };

function RuleRow({ rule, canEdit, save }: { rule: AlertRuleDto; canEdit: boolean; save: (input: { kind: string; enabled: boolean; value: number | null }) => Promise<RuleActionResult> }) {
  const [saved, setSaved] = useState(rule);
  const [enabled, setEnabled] = useState(rule.enabled);
  const [value, setValue] = useState(rule.value === null ? "" : String(rule.value));
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const dirty = enabled !== saved.enabled || (saved.value !== null && value !== String(saved.value));
  const id = `rule-${rule.kind}`;
  const submit = () =>
    start(async () => {
      const res = await save({ kind: rule.kind, enabled, value: rule.input ? Number(value) : null });
      if (res.ok) {
        setSaved(res.rule);
        setError(null);
        toast.success(`${res.rule.label}: ${res.rule.enabled ? "on" : "off"}.`);
      } else {
        setError(res.field ?? res.message);
        toast.error(res.message);
      }
    });
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid={id}>
      <div className="flex min-w-0 items-start gap-3">
        <Switch id={`${id}-on`} checked={enabled} onCheckedChange={setEnabled} disabled={!canEdit || pending} aria-describedby={`${id}-label`} />
        <div className="min-w-0">
          <Label htmlFor={`${id}-on`} id={`${id}-label`} className="text-sm font-medium">
            {saved.label}
          </Label>
          <p className="text-xs text-muted-foreground">{saved.enabled ? (saved.isDefault ? "On, default threshold" : "On") : "Off: never fires"}</p>
        </div>
      </div>
      {rule.input ? (
        <div className="flex flex-wrap items-start gap-2 sm:justify-end">
          <div className="space-y-1">
            <div className="flex items-center gap-2">
              <Input
                id={`${id}-value`}
                type="number"
                inputMode="numeric"
                className="w-24"
                min={rule.input.min}
                max={rule.input.max}
                step={rule.input.step}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                disabled={!canEdit || pending}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : `${id}-unit`}
                aria-label={`Threshold: ${rule.input.unit}`}
              />
              <span id={`${id}-unit`} className="text-sm text-muted-foreground">
                {rule.input.unit}
              </span>
            </div>
            {error ? (
              <p id={`${id}-error`} className="text-xs text-destructive">
                {error}
              </p>
            ) : null}
          </div>
          {canEdit ? (
            <Button size="sm" variant="outline" onClick={submit} disabled={!dirty || pending}>
              Save
            </Button>
          ) : null}
        </div>
      ) : canEdit ? (
        <Button size="sm" variant="outline" onClick={submit} disabled={!dirty || pending}>
          Save
        </Button>
      ) : null}
    </li>
  );
}

export function AlertRulesForm({ rules, canEdit, save }: { rules: AlertRuleDto[]; canEdit: boolean; save: (input: { kind: string; enabled: boolean; value: number | null }) => Promise<RuleActionResult> }) {
  return (
    <ul className="divide-y divide-border" data-testid="alert-rules">
      {rules.map((r) => (
        <RuleRow key={r.kind} rule={r} canEdit={canEdit} save={save} />
      ))}
    </ul>
  );
}
