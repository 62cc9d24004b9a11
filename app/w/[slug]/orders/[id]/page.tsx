import { RecordDetailPage, type RecordIdRouteProps } from "../../_records/record-page";

export const metadata = { title: "Orders" };

export default function Page(props: RecordIdRouteProps) {
  return RecordDetailPage("order", props);
}
