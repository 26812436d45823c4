import { useEffect, useRef, type RefObject } from 'react';

/** Nothing has focus: it was on an element that was disabled or removed (Tab would restart at the top). */
const focusLost = () => document.activeElement === null || document.activeElement === document.body;

/**
 * A button busy with its request: Mantine disables a `loading` button, and the browser drops the
 * focus of a disabled element onto the page's body. Once `busy` ends, focus goes back to the
 * button, unless the user has already moved it elsewhere.
 */
export function useFocusBack<T extends HTMLElement>(busy: boolean): RefObject<T | null> {
  const ref = useRef<T>(null);
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy && focusLost()) ref.current?.focus();
    wasBusy.current = busy;
  }, [busy]);
  return ref;
}

/**
 * An element that replaces what had focus (a form gone once its work is done): it takes the focus
 * when it appears and nothing else has it. It needs `tabIndex={-1}`.
 */
export function useFocusWhenLost<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (focusLost()) ref.current?.focus();
  }, []);
  return ref;
}

/**
 * Focus around a dialog that is mounted open and unmounted to close (`open` is the state saying
 * which one is open, null when none). Mantine returns focus only when a mounted dialog's `opened`
 * turns false, so it is done here once `open` is null again: back to the button that opened it
 * (`'opener'`: cancelled, Escape), or to `fallbackRef` (a title with `tabIndex={-1}`) once the
 * dialog's work is done and that button may be gone.
 */
export function useDialogFocusReturn<T>(open: T | null, setOpen: (value: T | null) => void) {
  const opener = useRef<HTMLElement | null>(null);
  const fallbackRef = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<'opener' | 'fallback' | null>(null);
  useEffect(() => {
    if (open !== null || returnTo.current === null) return;
    const target = returnTo.current === 'opener' && opener.current?.isConnected ? opener.current : fallbackRef.current;
    returnTo.current = null;
    const id = window.setTimeout(() => target?.focus(), 0);
    return () => window.clearTimeout(id);
  }, [open]);
  return {
    fallbackRef,
    /** Opens `value`'s dialog from the button `el` (a click's `currentTarget`). */
    openFrom: (el: HTMLElement, value: T) => {
      opener.current = el;
      setOpen(value);
    },
    /** Closes the dialog; `then` says where focus goes. */
    close: (then: 'opener' | 'fallback') => {
      returnTo.current = then;
      setOpen(null);
    },
  };
}
