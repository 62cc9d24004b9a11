import { NewRecordPage } from "../../_records/form-pages";

export const metadata = { title: "New product" };

export default function Page(props: { params: Promise<{ slug: string }> }) {
  return NewRecordPage("product", props);
}
