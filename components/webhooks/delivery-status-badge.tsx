import { Badge } from "@/components/ui/badge";

const variant = { received: "info", processing: "info", processed: "success", skipped: "secondary", failed: "danger" } as const;

export function DeliveryStatusBadge({ status }: { status: keyof typeof variant }) {
  return (
    <Badge variant={variant[status]} data-testid="delivery-status">
      {status}
    </Badge>
  );
}
