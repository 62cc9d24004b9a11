import { redirect } from "next/navigation";

// A run has one page, workspace-wide (/w/<slug>/runs/<runId>: actions, step timeline, operations);
// this older address keeps working.
export default async function ConnectionRunRedirect({ params, searchParams }: { params: Promise<{ slug: string; runId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, runId } = await params;
  const failed = (await searchParams).failed === "1";
  redirect(`/w/${encodeURIComponent(slug)}/runs/${encodeURIComponent(runId)}${failed ? "?failed=1" : ""}`);
}
