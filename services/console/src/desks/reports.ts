import { page, type ConsoleRoute } from './types';

// The same role lists as the reporting contracts (libs/contracts rpc/reporting): KPI_ROLES,
// OWNER_BOARD_ROLES, MONTHLY_REPORT_ROLES. The API checks again; these only shape the menu.
export const reportsRoutes: ConsoleRoute[] = [
  {
    path: '/laporan',
    desk: 'reports',
    label: 'reports.nav.dashboard',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/reports/Dashboard')),
  },
  {
    path: '/laporan/pemilik-program',
    desk: 'reports',
    label: 'reports.nav.ownerBoard',
    roles: ['SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/reports/OwnerBoard')),
  },
  {
    path: '/laporan/bulanan',
    desk: 'reports',
    label: 'reports.nav.monthly',
    roles: ['MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/reports/MonthlyReport')),
  },
  // PUSKESOS_REPORT_ROLES (libs/contracts rpc/reporting/puskesos.v1.ts).
  {
    path: '/laporan/puskesos',
    desk: 'reports',
    label: 'reports.nav.puskesos',
    roles: ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/reports/PuskesosMonitoring')),
  },
  // ROLLUP_ROLES (libs/contracts rpc/reporting/rollup.v1.ts): the province hub's view of its kab/kota.
  {
    path: '/laporan/provinsi',
    desk: 'reports',
    label: 'reports.nav.rollup',
    roles: ['SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/reports/ProvinceRollup')),
    hub: true,
  },
];
