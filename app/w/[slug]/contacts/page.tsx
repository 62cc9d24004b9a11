import { RecordListPage, type RecordRouteProps } from "../_records/list-page";

export const metadata = { title: "Contacts" };

export default function Page(props: RecordRouteProps) {
  return RecordListPage("contact", props);
}
