import { page, type ConsoleRoute } from './types';

/** Informasi dan Registrasi: the front office's desk (FO at the counter, FS in the field). */
export const frontOfficeRoutes: ConsoleRoute[] = [
  {
    path: '/warga',
    desk: 'frontOffice',
    label: 'fo.nav.lookup',
    roles: ['FO', 'FS'],
    component: page(() => import('../pages/front-office/Lookup')),
    home: ['FO', 'FS'],
  },
  {
    path: '/keluhan/baru',
    desk: 'frontOffice',
    label: 'fo.nav.register',
    roles: ['FO', 'FS'],
    component: page(() => import('../pages/front-office/Register'), { light: true }),
  },
  {
    path: '/keluhan',
    desk: 'frontOffice',
    label: 'fo.nav.history',
    roles: ['FO', 'FS'],
    component: page(() => import('../pages/front-office/History')),
  },
  {
    path: '/keluhan/:id/resi',
    desk: 'frontOffice',
    label: 'fo.receipt.title',
    roles: ['FO', 'FS'],
    component: page(() => import('../pages/front-office/Receipt')),
    nav: false,
  },
  {
    path: '/keluhan/:id/koreksi',
    desk: 'frontOffice',
    label: 'fo.detail.correct',
    roles: ['FO', 'FS'],
    component: page(() => import('../pages/front-office/Correct')),
    nav: false,
  },
  {
    path: '/informasi-program',
    desk: 'frontOffice',
    label: 'fo.nav.programmeInfo',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO'],
    component: page(() => import('../pages/front-office/ProgrammeInfo')),
  },
  {
    path: '/keluhan/:id',
    desk: 'frontOffice',
    label: 'fo.nav.history',
    roles: ['FO', 'FS'],
    component: page(() => import('../pages/front-office/Detail')),
    nav: false,
  },
];
