// GoHighLevel's connection settings: the location (sub-account) a Private Integration Token works on
// (OAuth installs learn it from the token response) and an optional calendar; credentials are an OAuth
// location token or a Private Integration Token.
import { z } from "zod";
import { secretField, type OAuthCredentials } from "@/lib/integrations/types";

export const gohighlevelConfigSchema = z.object({
  locationId: z
    .string()
    .trim()
    .min(1)
    .optional()
    .meta({
      title: "Location (sub-account) id",
      description: "Required with a Private Integration Token: Settings -> Business Profile -> Location ID. OAuth installs fill it in.",
    }),
  calendarId: z
    .string()
    .trim()
    .min(1)
    .optional()
    .meta({ title: "Calendar id", description: "Only this calendar's appointments are synced (default: every calendar of the location)." }),
});
export type GohighlevelConfig = z.infer<typeof gohighlevelConfigSchema>;

export const gohighlevelPitSchema = z.object({
  privateIntegrationToken: secretField(
    "Private Integration Token",
    "Sub-account Settings -> Private Integrations -> Create; grant contacts, opportunities, calendars and custom-field scopes.",
    "pit-…",
  ),
});

export type GohighlevelCredentials = z.infer<typeof gohighlevelPitSchema> | OAuthCredentials;
