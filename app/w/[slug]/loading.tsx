import { PageSkeleton } from "@/components/ui/skeleton";

/** Shown inside the workspace frame while a page's data loads. */
export default function WorkspaceLoading() {
  return <PageSkeleton rows={5} />;
}
