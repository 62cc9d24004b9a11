// KeyCRM's connection settings: the warehouse stock is written to and the order source of new orders
// (config), and an API key.
import { z } from "zod";
import { secretField } from "@/lib/integrations/types";

export const keycrmConfigSchema = z.object({
  warehouseId: z
    .number({ error: "A warehouse id is a whole number" })
    .int("A warehouse id is a whole number")
    .positive("A warehouse id is a whole number above 0")
    .optional()
    .meta({
      title: "Warehouse id (for stock)",
      description:
        "The KeyCRM warehouse whose stock Switchboard sets when a product's stock changes (KeyCRM → Storage → Warehouses, the number in the warehouse's address). Leave empty to keep stock read-only.",
      placeholder: "e.g. 1",
    }),
  orderSourceId: z
    .number({ error: "A source id is a whole number" })
    .int("A source id is a whole number")
    .positive("A source id is a whole number above 0")
    .optional()
    .meta({
      title: "Order source id (for new orders)",
      description:
        "KeyCRM files every order under a sales source (KeyCRM → Settings → Order sources, the number in the source's address). Orders Switchboard creates there get this one. Leave empty to keep orders from being created in KeyCRM.",
      placeholder: "e.g. 1",
    }),
});
export type KeycrmConfig = z.output<typeof keycrmConfigSchema>;

export const keycrmCredentialsSchema = z.object({
  apiKey: secretField("API key", "KeyCRM → Settings → General → API key (only the account owner sees it)."),
});
export type KeycrmCredentials = z.output<typeof keycrmCredentialsSchema>;
