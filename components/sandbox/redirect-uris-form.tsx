"use client";

import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { useSandboxAction } from "@/components/sandbox/use-sandbox-action";

/** The extra redirect URIs the workspace's sandbox OAuth app accepts (one per line). */
export function RedirectUrisForm({ uris, action }: { uris: string[]; action: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState> }) {
  const { state, pending, ready, onSubmit } = useSandboxAction(action);
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <FormField
        label="More redirect URIs"
        name="redirectUris"
        error={state?.fields?.redirectUris}
        hint="One per line, matched exactly. Add the callback of another tool that should complete the consent screen."
      >
        {(p) => <Textarea {...p} rows={3} defaultValue={uris.join("\n")} placeholder="https://tool.example/oauth/callback" />}
      </FormField>
      <Button type="submit" size="sm" variant="secondary" disabled={pending || !ready}>
        Save redirect URIs
      </Button>
    </form>
  );
}
