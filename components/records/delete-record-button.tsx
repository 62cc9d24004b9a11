"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";

export function DeleteRecordButton({ label, action }: { label: string; action: () => Promise<{ message: string; code?: string } | undefined> }) {
  const [pending, start] = useTransition();
  return (
    <ConfirmDialog
      title={`Delete this ${label.toLowerCase()}?`}
      description="It disappears from lists and search, and the delete is sent to the connections that push this kind of record. Its change history is kept."
      confirmLabel="Delete"
      destructive
      onConfirm={() =>
        start(async () => {
          const res = await action();
          if (res) toast.error(res.message, res.code ? { description: `Error code: ${res.code}` } : undefined);
        })
      }
    >
      <Button variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete"}
      </Button>
    </ConfirmDialog>
  );
}
