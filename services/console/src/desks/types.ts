import type { ComponentType, LazyExoticComponent } from 'react';
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
  component: LazyExoticComponent<ComponentType>;
  /** Shown in the menu (pages reached from another page, like a case, are not). */
  nav?: boolean;
  /** The roles that start on this page after signing in. */
  home?: readonly Role[];
}
