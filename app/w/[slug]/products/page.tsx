import { RecordListPage, type RecordRouteProps } from "../_records/list-page";

export const metadata = { title: "Products" };

export default function Page(props: RecordRouteProps) {
  return RecordListPage("product", props);
}
