import { page, type ConsoleRoute } from './types';

/** Pengaturan: the administrator's users, API keys, programme owners and routing, holidays, templates. */
export const settingsRoutes: ConsoleRoute[] = [
  {
    path: '/pengaturan/pengguna',
    desk: 'settings',
    label: 'nav.settings.users',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/Users')),
    home: ['ADMIN'],
    hub: true,
  },
  {
    path: '/pengaturan/kunci-api',
    desk: 'settings',
    label: 'nav.settings.keys',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/ApiKeys')),
  },
  {
    path: '/pengaturan/pemilik-program',
    desk: 'settings',
    label: 'nav.settings.owners',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/ProgrammeOwners')),
  },
  {
    path: '/pengaturan/informasi-program',
    desk: 'settings',
    label: 'nav.settings.programmes',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/ProgrammeInformation')),
  },
  {
    path: '/pengaturan/aturan-rujukan',
    desk: 'settings',
    label: 'nav.settings.rules',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/RoutingRules')),
  },
  {
    path: '/pengaturan/hari-libur',
    desk: 'settings',
    label: 'nav.settings.holidays',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/Holidays')),
  },
  {
    path: '/pengaturan/profil-kolom',
    desk: 'settings',
    label: 'nav.settings.columns',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/ColumnProfiles')),
  },
  {
    path: '/pengaturan/pemeriksaan-fs',
    desk: 'settings',
    label: 'nav.settings.fieldCheck',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/FieldCheckSettings')),
  },
  {
    path: '/pengaturan/templat',
    desk: 'settings',
    label: 'nav.settings.templates',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/Templates')),
  },
  {
    path: '/pengaturan/mitra',
    desk: 'settings',
    label: 'nav.settings.partners',
    roles: ['ADMIN'],
    component: page(() => import('../pages/settings/Partners')),
  },
];
