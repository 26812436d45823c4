import common from './id/common.json';
import frontOffice from './id/front-office.json';

type Json<T> = T extends { default: infer D } ? D : T;
/** Every desk's wording: the keys `t()` accepts (the files themselves load as described below). */
type Messages = typeof common &
  typeof frontOffice &
  Json<typeof import('./id/review.json')> &
  Json<typeof import('./id/owner.json')> &
  Json<typeof import('./id/data.json')> &
  Json<typeof import('./id/settings.json')> &
  Json<typeof import('./id/reports.json')> &
  Json<typeof import('./id/mass-issues.json')> &
  Json<typeof import('./id/outcome.json')>;
export type MessageKey = keyof Messages;

/**
 * The console's wording lives in `id/*.json` (Bahasa Indonesia), one file per desk, one key per
 * text, so a regional team can adjust a word without touching code. `{name}` placeholders are
 * filled from `vars`. The common and front-office files come with the first page (the registration
 * form is the slow link's first load); the other desks' files arrive with `src/deferred.ts` before
 * any of their pages renders (`addMessages`).
 */
const messages: Record<string, string> = { ...common, ...frontOffice };

/** Adds a desk's wording (from `src/deferred.ts`). */
export function addMessages(more: Record<string, string>): void {
  Object.assign(messages, more);
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** A text looked up by a key computed at run time (a role, a state): the fallback when unknown. */
export function tOr(key: string, fallback?: string): string {
  return messages[key] ?? fallback ?? key;
}
