// Appointments: contact, calendar, start, end, status, title.
import { enumOf, isoDateTime, text } from "@/lib/records/field-schemas";
import { enumOptions, stringField as str, type RecordObjectDefinition } from "@/lib/records/record-object-definition";
import { uniqueTerms, wordsOf } from "@/lib/records/search-terms";

export const appointmentStatuses = ["booked", "confirmed", "cancelled", "showed", "no_show"] as const;

export const appointmentObject: RecordObjectDefinition = {
  object: "appointment",
  label: "Appointment",
  plural: "Appointments",
  path: "appointments",
  listFields: ["startAt", "status", "calendar"],
  fieldSchemas: {
    title: text(500),
    contactId: text(64),
    calendar: text(200),
    startAt: isoDateTime(),
    endAt: isoDateTime(),
    status: enumOf(appointmentStatuses),
    notes: text(5000),
  },
  fields: [
    { key: "title", label: "Title", kind: "text", editable: true, requiredOnCreate: true },
    { key: "startAt", label: "Starts", kind: "datetime", editable: true, requiredOnCreate: true },
    { key: "endAt", label: "Ends", kind: "datetime", editable: true },
    { key: "status", label: "Status", kind: "enum", editable: true, options: enumOptions(appointmentStatuses, {
      booked: "Booked", confirmed: "Confirmed", cancelled: "Cancelled", showed: "Showed", no_show: "No-show",
    }) },
    { key: "calendar", label: "Calendar", kind: "text", editable: true },
    { key: "contactId", label: "Contact", kind: "record", references: "contact", editable: false },
    { key: "notes", label: "Notes", kind: "text", editable: true },
  ],
  statusField: "status",
  columns(data) {
    const title = str(data, "title");
    return {
      title: title ?? "Untitled appointment",
      emailKey: null,
      phoneKey: null,
      numberKey: null,
      statusKey: str(data, "status"),
      terms: uniqueTerms(wordsOf(title), wordsOf(str(data, "calendar"))),
    };
  },
};
