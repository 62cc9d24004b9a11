// The workspace sidebar, as data. Adding a page to the nav is one line here:
//   { path: "/contacts", label: "Contacts", icon: Users },
//   { path: "/sandbox", label: "Sandbox", icon: FlaskConical, feature: "sandbox" },  (shown only when sandboxes are on)
// `path` is relative to /w/<slug>; `exact` marks an item active only on its own path; `feature`
// hides the item unless the layout turns that feature on. The command palette lists the same items.
import { Cable, CalendarDays, Code, FlaskConical, GitMerge, LayoutDashboard, ListChecks, Package, Puzzle, Settings, ShoppingCart, Users, Webhook, type LucideIcon } from "lucide-react";

export type NavFeature = "sandbox";

/** A number the layout passes in and the item shows when above zero (open conflicts). */
export type NavCount = "conflicts";

export type NavItem = { path: string; label: string; icon: LucideIcon; exact?: boolean; feature?: NavFeature; count?: NavCount };

export const workspaceNavItems: NavItem[] = [
  { path: "", label: "Dashboard", icon: LayoutDashboard, exact: true },
  { path: "/contacts", label: "Contacts", icon: Users },
  { path: "/orders", label: "Orders", icon: ShoppingCart },
  { path: "/products", label: "Products", icon: Package },
  { path: "/appointments", label: "Appointments", icon: CalendarDays },
  { path: "/integrations", label: "Integrations", icon: Puzzle },
  { path: "/connections", label: "Connections", icon: Cable },
  { path: "/conflicts", label: "Conflicts", icon: GitMerge, count: "conflicts" },
  { path: "/runs", label: "Sync runs", icon: ListChecks },
  { path: "/webhooks", label: "Webhooks", icon: Webhook },
  { path: "/sandbox", label: "Sandbox", icon: FlaskConical, feature: "sandbox" },
  { path: "/api-reference", label: "API", icon: Code },
  { path: "/settings", label: "Settings", icon: Settings },
];

export function visibleNavItems(features: Partial<Record<NavFeature, boolean>>): NavItem[] {
  return workspaceNavItems.filter((i) => !i.feature || features[i.feature]);
}
