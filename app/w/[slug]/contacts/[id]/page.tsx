import { RecordDetailPage, type RecordIdRouteProps } from "../../_records/record-page";

export const metadata = { title: "Contacts" };

export default function Page(props: RecordIdRouteProps) {
  return RecordDetailPage("contact", props);
}
