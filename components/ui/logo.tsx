import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md font-semibold focus-visible:outline-2 focus-visible:outline-ring">
      {/* eslint-disable-next-line @next/next/no-img-element -- a tiny local SVG, no optimisation needed */}
      <img src="/icon.svg" alt="" width={28} height={28} />
      <span>Switchboard</span>
    </Link>
  );
}
