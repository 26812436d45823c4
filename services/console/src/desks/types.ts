import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from '../i18n';
import type { Role } from '../api/session';

/** The desks of an SLRT office (CONSOLE.md), in menu order. */
export const DESKS = ['frontOffice', 'review', 'programmes', 'owner', 'data', 'reports', 'settings'] as const;
export type Desk = (typeof DESKS)[number];

/**
 * A page of the console. `roles` decide who sees it in the menu and who may open it (the API
 * checks again: this only keeps people out of pages that would refuse them). `home` marks the
 * page a role starts on (its own queue or task, not a dashboard).
 */
export interface ConsoleRoute {
  path: string;
  desk: Desk | null;
  label: MessageKey;
  roles: readonly Role[];
  component: Page;
  /** Shown in the menu (pages reached from another page, like a case, are not). */
  nav?: boolean;
  /** The roles that start on this page after signing in. */
  home?: readonly Role[];
  /**
   * Also served on a province or the national hub (`me.deployment` other than `kab-kota`), which
   * runs only the gateway and the roll-up: its users see only these pages.
   */
  hub?: boolean;
}

/** A page's component, loaded on first use; `preload()` starts that load early (same promise). */
export type Page = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };

type PageModule = Promise<{ default: ComponentType }>;
let deferred: Promise<unknown> | undefined;

/**
 * What only the pages off the front office's first load need: the rest of Mantine's styles and
 * the other desks' wording (`src/deferred.ts`). Fetched once, after the first page has painted or
 * when such a page is opened, whichever comes first.
 */
export function loadDeferred(): Promise<unknown> {
  deferred ??= import('../deferred').catch((error: unknown) => {
    deferred = undefined; // a lost connection: the next page asks again
    throw error;
  });
  return deferred;
}

/**
 * A page of a desk, code-split. Its chunk waits for `loadDeferred()`, so it renders with all of
 * Mantine's styles and every desk's wording. `{ light: true }` marks the pages of the front office's
 * first load (the registration form): they need only what the entry already has (the components'
 * styles in `src/styles.ts`, the common and front-office wording), so they do not wait.
 */
export function page(load: () => PageModule, options: { light?: boolean } = {}): Page {
  let loading: PageModule | undefined;
  const once = () =>
    (loading ??= options.light ? load() : Promise.all([load(), loadDeferred()]).then(([module]) => module));
  return Object.assign(lazy(once), { preload: once });
}
