import { page, type ConsoleRoute } from './types';

const ALL = ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'] as const;

export const commonRoutes: ConsoleRoute[] = [
  {
    path: '/akun',
    desk: null,
    label: 'nav.account',
    roles: ALL,
    component: page(() => import('../pages/Account')),
    nav: false,
    hub: true,
  },
];
