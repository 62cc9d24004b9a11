import { NewRecordPage } from "../../_records/form-pages";

export const metadata = { title: "New order" };

export default function Page(props: { params: Promise<{ slug: string }> }) {
  return NewRecordPage("order", props);
}
