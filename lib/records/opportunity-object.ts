// Opportunities (deals): contact, pipeline, stage, status, value.
import { currency, enumOf, money, text } from "@/lib/records/field-schemas";
import { enumOptions, stringField as str, type RecordObjectDefinition } from "@/lib/records/record-object-definition";
import { uniqueTerms, wordsOf } from "@/lib/records/search-terms";

export const opportunityStatuses = ["open", "won", "lost", "abandoned"] as const;

export const opportunityObject: RecordObjectDefinition = {
  object: "opportunity",
  label: "Opportunity",
  plural: "Opportunities",
  path: "opportunities",
  listFields: ["stage", "status", "value", "currency"],
  fieldSchemas: {
    name: text(500),
    contactId: text(64),
    pipeline: text(200),
    stage: text(200),
    status: enumOf(opportunityStatuses),
    currency: currency(),
    value: money(),
  },
  fields: [
    { key: "name", label: "Name", kind: "text", editable: true, requiredOnCreate: true },
    { key: "pipeline", label: "Pipeline", kind: "text", editable: true },
    { key: "stage", label: "Stage", kind: "text", editable: true },
    { key: "status", label: "Status", kind: "enum", editable: true, options: enumOptions(opportunityStatuses, {
      open: "Open", won: "Won", lost: "Lost", abandoned: "Abandoned",
    }) },
    { key: "currency", label: "Currency", kind: "currency", editable: true },
    { key: "value", label: "Value", kind: "money", currencyField: "currency", editable: true },
    { key: "contactId", label: "Contact", kind: "record", references: "contact", editable: false },
  ],
  statusField: "status",
  columns(data) {
    const name = str(data, "name");
    return {
      title: name ?? "Untitled opportunity",
      emailKey: null,
      phoneKey: null,
      numberKey: null,
      statusKey: str(data, "status"),
      terms: uniqueTerms(wordsOf(name), wordsOf(str(data, "pipeline")), wordsOf(str(data, "stage"))),
    };
  },
};
