import { RecordDetailPage, type RecordIdRouteProps } from "../../_records/record-page";

export const metadata = { title: "Appointments" };

export default function Page(props: RecordIdRouteProps) {
  return RecordDetailPage("appointment", props);
}
