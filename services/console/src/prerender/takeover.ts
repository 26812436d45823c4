// The registration form's page can arrive with its markup already in it (`dist/prerendered/`, see
// vite.config.ts `prerender()`): a front office on a slow link types into that markup while the
// application's JavaScript is still on its way. This module hands what was typed there to the
// application: the registration page takes it into its draft and focus stays where it was; any
// other first page (sign-in, another desk) keeps it in this tab's draft storage for the
// registration page to take later. Nothing typed is lost, and nothing else is kept.
import { DRAFT_PREFIX } from '../api/session';

/** What was typed, by the input's API path (its id without `field-`). */
export type Typed = Record<string, string | boolean | string[]>;

const CONTAINER = 'prerendered';
/** The address whose page the build writes with its markup in it (src/prerender/front-office.tsx). */
export const PRERENDERED_PATH = '/keluhan/baru';
const STASH_KEY = `${DRAFT_PREFIX}prerendered`;

let focus: { id: string; start: number | null; end: number | null } | undefined;

const pathOf = (id: string) => id.slice('field-'.length);

/** The values that differ from the markup's own: text typed, boxes ticked, a radio chosen. */
function readTyped(root: HTMLElement): Typed {
  const typed: Typed = {};
  const groups = new Map<string, HTMLInputElement[]>();
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    // A select's input holds a label or search text, not the value: not taken.
    if (
      el.readOnly ||
      el.disabled ||
      el.type === 'hidden' ||
      el.type === 'file' ||
      el.getAttribute('role') === 'combobox'
    )
      continue;
    const own = el.id.startsWith('field-') ? el.id : undefined;
    const group = own ? undefined : el.closest('[id^="field-"]')?.id;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (group && el.checked && !el.defaultChecked) typed[pathOf(group)] = el.value;
    } else if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      if (own) {
        if (el.checked !== el.defaultChecked) typed[pathOf(own)] = el.checked;
      } else if (group) groups.set(group, [...(groups.get(group) ?? []), el]);
    } else if (own && el.value !== el.defaultValue) typed[pathOf(own)] = el.value;
  }
  for (const [group, boxes] of groups)
    if (boxes.some((b) => b.checked !== b.defaultChecked))
      typed[pathOf(group)] = boxes.filter((b) => b.checked).map((b) => b.value);
  return typed;
}

function container(): HTMLElement | null {
  return typeof document === 'undefined' ? null : document.getElementById(CONTAINER);
}

function stashed(): Typed | null {
  try {
    const raw = sessionStorage.getItem(STASH_KEY);
    return raw ? (JSON.parse(raw) as Typed) : null;
  } catch {
    return null;
  }
}

/**
 * What was typed before the application ran: read from the markup while it is still on the page
 * (the registration page's first render), else from the draft storage (typed on an earlier
 * first load that showed another page first). Reads only; `finishPrerendered` removes.
 */
export function typedBeforeStart(): Typed | null {
  const root = container();
  if (!root) return stashed();
  const active = document.activeElement as HTMLInputElement | null;
  if (active && root.contains(active) && active.id)
    focus = {
      id: active.id,
      start: 'selectionStart' in active ? active.selectionStart : null,
      end: 'selectionEnd' in active ? active.selectionEnd : null,
    };
  const typed = readTyped(root);
  return Object.keys(typed).length ? typed : stashed();
}

/** The registration page has taken over (its first commit): the markup goes, focus moves to the same field. */
export function finishPrerendered(): void {
  container()?.remove();
  try {
    sessionStorage.removeItem(STASH_KEY);
  } catch {
    /* storage disabled: nothing was stashed */
  }
  const wanted = focus;
  focus = undefined;
  if (!wanted) return;
  const el = document.getElementById(wanted.id) as HTMLInputElement | null;
  el?.focus();
  if (el && wanted.start !== null && typeof el.setSelectionRange === 'function')
    el.setSelectionRange(wanted.start, wanted.end ?? wanted.start);
}

/** Another page is first (sign-in, another desk, an error): what was typed is kept for later, the markup goes. */
export function dropPrerendered(): void {
  const root = container();
  if (!root) return;
  const typed = readTyped(root);
  root.remove();
  focus = undefined;
  if (!Object.keys(typed).length) return;
  try {
    sessionStorage.setItem(STASH_KEY, JSON.stringify(typed));
  } catch {
    /* storage full or disabled: nothing to keep it in */
  }
}
