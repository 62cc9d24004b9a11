import { EditRecordPage } from "../../../_records/form-pages";
import type { RecordIdRouteProps } from "../../../_records/record-page";

export const metadata = { title: "Edit appointment" };

export default function Page(props: RecordIdRouteProps) {
  return EditRecordPage("appointment", props);
}
