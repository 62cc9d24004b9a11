"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * A server-action form that keeps what the person typed when the action fails.
 * React resets a `<form action={fn}>` after every submission; this submits through onSubmit instead,
 * so the browser keeps every value (secrets included, without sending them back from the server).
 * `onResult` runs once per new result (e.g. to toast it); `resetOnSuccess` clears the form when `isSuccess(state)`.
 * Such a form does nothing useful before React has hydrated the page (a click would submit it natively:
 * a GET to the page with every field, secrets included, in the URL, and the action never runs), so its
 * submit button stays disabled until `ready`.
 *   const { state, pending, ready, onSubmit } = useActionForm(action, { onResult: (s) => s?.ok && toast.success(s.ok) });
 *   <form onSubmit={onSubmit}>… <Button type="submit" disabled={pending || !ready}>…</form>
 */
export function useActionForm<S>(
  action: (prev: S | undefined, fd: FormData) => Promise<S | undefined>,
  options: { onResult?: (state: S) => void; resetOnSuccess?: (state: S) => boolean } = {},
) {
  const [state, dispatch, pending] = useActionState<S | undefined, FormData>(action, undefined);
  const ready = useHydrated();
  const formRef = useRef<HTMLFormElement | null>(null);
  const seen = useRef<S | undefined>(undefined);
  const { onResult, resetOnSuccess } = options;
  useEffect(() => {
    if (state === undefined || state === seen.current) return;
    seen.current = state;
    onResult?.(state);
    if (resetOnSuccess?.(state)) formRef.current?.reset();
  }, [state, onResult, resetOnSuccess]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    formRef.current = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const fd = new FormData(e.currentTarget, submitter instanceof HTMLElement ? submitter : null);
    startTransition(() => dispatch(fd));
  };
  return { state, pending, ready, onSubmit };
}
