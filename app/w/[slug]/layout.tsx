import type { ReactNode } from "react";
import { AppShell } from "@/components/workspace/app-shell";
import { Sidebar } from "@/components/workspace/sidebar";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { listConnections } from "@/lib/connections/list-connections";
import { providers, getProvider } from "@/lib/integrations/registry";
import { listUserWorkspaces } from "@/lib/workspaces/members";
import { sandboxEnabled } from "@/lib/env";
import { countOpenConflicts } from "@/lib/conflicts/list-conflicts";

// The layout guards too (each page also calls requireWorkspace itself: layouts do not re-run on every
// navigation, so a page never relies on its layout for authorization).
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const [workspaces, connections, conflicts] = await Promise.all([listUserWorkspaces(access.user.id), listConnections(access.workspace.id), countOpenConflicts(access.workspace.id)]);
  const showSandbox = sandboxEnabled();
  const features = { sandbox: showSandbox };
  const current = { slug: access.workspace.slug, name: access.workspace.name, role: access.role };
  return (
    <AppShell
      palette={{
        slug: access.workspace.slug,
        features,
        workspaces: workspaces.map((w) => ({ slug: w.slug, name: w.name })),
        connections: connections.map((c) => ({ id: c.id, name: c.name, providerName: getProvider(c.provider)?.name ?? c.provider })),
        templates: providers.map((p) => ({ slug: p.slug, name: p.name })),
      }}
      sidebar={
        <Sidebar
          current={current}
          workspaces={workspaces}
          user={{ name: access.user.name, email: access.user.email }}
          features={features}
          counts={{ conflicts }}
        />
      }
    >
      {children}
    </AppShell>
  );
}
