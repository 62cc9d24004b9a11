import { RecordListPage, type RecordRouteProps } from "../_records/list-page";

export const metadata = { title: "Orders" };

export default function Page(props: RecordRouteProps) {
  return RecordListPage("order", props);
}
