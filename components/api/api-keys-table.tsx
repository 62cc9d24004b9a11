"use client";

import { toast } from "sonner";
import type { ApiKeyActionState } from "@/app/w/[slug]/settings/api-keys/actions";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { ApiKeyDto } from "@/lib/api/api-keys";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export function ApiKeysTable({ keys, revokeAction }: { keys: ApiKeyDto[]; revokeAction: (keyId: string) => Promise<ApiKeyActionState> }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Scopes</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="sr-only">Actions</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => {
          return (
            <TableRow key={k.id} data-testid={`api-key-${k.id}`}>
              <TableCell className="max-w-48">
                <Truncate text={k.name} className="font-medium" />
              </TableCell>
              <TableCell>
                <code className="font-mono text-xs">{k.prefix}…</code>
              </TableCell>
              <TableCell className="max-w-72">
                <div className="flex flex-wrap gap-1">
                  {k.scopes.map((s) => (
                    <Badge key={s} variant="outline">
                      {s}
                    </Badge>
                  ))}
                </div>
              </TableCell>
              <TableCell className="text-sm whitespace-nowrap">{k.lastUsedAt ? when(k.lastUsedAt) : "Never"}</TableCell>
              <TableCell className="text-sm whitespace-nowrap">{k.expiresAt ? when(k.expiresAt) : "Never"}</TableCell>
              <TableCell>
                {k.status === "revoked" ? (
                  <Badge variant="danger">Revoked</Badge>
                ) : k.status === "expired" ? (
                  <Badge variant="warning">Expired</Badge>
                ) : (
                  <Badge variant="success">Active</Badge>
                )}
              </TableCell>
              <TableCell className="text-right">
                {k.revokedAt ? null : (
                  <ConfirmDialog
                    title={`Revoke "${k.name}"?`}
                    description="Apps using this key stop working at once. This cannot be undone."
                    confirmLabel="Revoke"
                    destructive
                    onConfirm={async () => {
                      const res = await revokeAction(k.id);
                      if (res?.ok) toast.success(res.ok);
                      else if (res?.error) toast.error(res.error, { description: res.code ? `Error code: ${res.code}` : undefined });
                    }}
                  >
                    <Button variant="outline" size="sm">
                      Revoke
                    </Button>
                  </ConfirmDialog>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
