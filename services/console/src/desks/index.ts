import type { Me } from '../api/session';
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

/** Who is signed in where: their roles, and the deployment (a kab/kota's, or a hub's). */
type Signed = Pick<Me, 'roles' | 'deployment'>;

/** The pages a user may open: those of their roles, on a hub only the hub's (`hub: true`). */
export function routesFor(me: Signed): ConsoleRoute[] {
  const onHub = me.deployment !== 'kab-kota';
  return ROUTES.filter((r) => (!onHub || r.hub) && r.roles.some((role) => me.roles.includes(role)));
}

/**
 * Where a user starts: the first page marked home for one of their roles, in role order; on a hub
 * the province roll-up, when they may open it.
 */
export function homeFor(me: Signed): string {
  const routes = routesFor(me);
  if (me.deployment !== 'kab-kota') return routes.find((r) => r.path === HUB_HOME)?.path ?? '/akun';
  for (const role of me.roles) {
    const home = routes.find((r) => r.home?.includes(role));
    if (home) return home.path;
  }
  return '/akun';
}

/** A hub's first page: the roll-up of its kab/kota. */
const HUB_HOME = '/laporan/provinsi';
