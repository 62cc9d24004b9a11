"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";

type Ws = { slug: string; name: string; role: string };

export function WorkspaceSwitcher({ current, workspaces }: { current: Ws; workspaces: Ws[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between gap-2 rounded-md bg-white px-3 py-2 text-left text-sm shadow-sm ring-1 ring-slate-200 hover:bg-slate-50"
      >
        <span className="min-w-0">
          <span className="block truncate font-semibold text-slate-900" data-testid="current-workspace">
            {current.name}
          </span>
          <span className="block truncate text-xs text-slate-500">/w/{current.slug}</span>
        </span>
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-slate-400" fill="currentColor">
          <path d="M10 3l4 5H6l4-5zm0 14l-4-5h8l-4 5z" />
        </svg>
      </button>
      {open ? (
        <div role="menu" className="absolute z-20 mt-1 w-full overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-slate-200">
          <p className="px-3 pt-2 pb-1 text-xs font-medium text-slate-500 uppercase">Your workspaces</p>
          {workspaces.map((w) => (
            <Link
              key={w.slug}
              role="menuitem"
              href={`/w/${w.slug}`}
              onClick={() => setOpen(false)}
              className={`block px-3 py-2 text-sm hover:bg-slate-50 ${w.slug === current.slug ? "font-semibold text-brand-700" : "text-slate-700"}`}
            >
              {w.name} <span className="text-xs text-slate-400">· {w.role}</span>
            </Link>
          ))}
          <Link role="menuitem" href="/w/new" onClick={() => setOpen(false)} className="block border-t border-slate-100 px-3 py-2 text-sm text-brand-600 hover:bg-slate-50">
            + New workspace
          </Link>
        </div>
      ) : null}
    </div>
  );
}
