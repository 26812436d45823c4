import common from './id/common.json';
import frontOffice from './id/front-office.json';
import review from './id/review.json';
import owner from './id/owner.json';
import data from './id/data.json';
import settings from './id/settings.json';
import reports from './id/reports.json';
import massIssues from './id/mass-issues.json';
import outcome from './id/outcome.json';

/**
 * The console's wording lives in `id/*.json` (Bahasa Indonesia), one file per desk, one key per
 * text, so a regional team can adjust a word without touching code. `{name}` placeholders are
 * filled from `vars`.
 */
const messages = {
  ...common,
  ...frontOffice,
  ...review,
  ...owner,
  ...data,
  ...settings,
  ...reports,
  ...massIssues,
  ...outcome,
};
export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** A text looked up by a key computed at run time (a role, a state): the fallback when unknown. */
export function tOr(key: string, fallback?: string): string {
  return (messages as Record<string, string>)[key] ?? fallback ?? key;
}
