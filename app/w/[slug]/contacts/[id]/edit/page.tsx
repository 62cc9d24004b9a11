import { EditRecordPage } from "../../../_records/form-pages";
import type { RecordIdRouteProps } from "../../../_records/record-page";

export const metadata = { title: "Edit contact" };

export default function Page(props: RecordIdRouteProps) {
  return EditRecordPage("contact", props);
}
