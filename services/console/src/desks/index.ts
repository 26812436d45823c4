import type { Role } from '../api/session';
import { commonRoutes } from './common';
import { reportsRoutes } from './reports';
import { frontOfficeRoutes } from './frontOffice';
import { dataRoutes } from './data';
import { settingsRoutes } from './settings';
import { caseDeskRoutes } from './review';
import type { ConsoleRoute } from './types';

export type { ConsoleRoute, Desk } from './types';
export { DESKS } from './types';

/** Every page of the console; each desk declares its own in `desks/<desk>.ts`. */
export const ROUTES: ConsoleRoute[] = [
  ...commonRoutes,
  ...frontOfficeRoutes,
  ...caseDeskRoutes,
  ...dataRoutes,
  ...settingsRoutes,
  ...reportsRoutes,
];

/** The pages a user with these roles may open. */
export function routesFor(roles: readonly Role[]): ConsoleRoute[] {
  return ROUTES.filter((r) => r.roles.some((role) => roles.includes(role)));
}

/** Where a user starts: the first page marked home for one of their roles, in role order. */
export function homeFor(roles: readonly Role[]): string {
  for (const role of roles) {
    const home = ROUTES.find((r) => r.home?.includes(role));
    if (home) return home.path;
  }
  return '/akun';
}
