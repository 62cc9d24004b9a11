import { RecordDetailPage, type RecordIdRouteProps } from "../../_records/record-page";

export const metadata = { title: "Products" };

export default function Page(props: RecordIdRouteProps) {
  return RecordDetailPage("product", props);
}
