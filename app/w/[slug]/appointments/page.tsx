import { RecordListPage, type RecordRouteProps } from "../_records/list-page";

export const metadata = { title: "Appointments" };

export default function Page(props: RecordRouteProps) {
  return RecordListPage("appointment", props);
}
