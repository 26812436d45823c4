import { page, type ConsoleRoute } from './types';

/** Data Terpadu: the secretariat's registry imports, SIKS-NG exchange. */
export const dataRoutes: ConsoleRoute[] = [
  {
    path: '/data/impor',
    desk: 'data',
    label: 'nav.data.import',
    roles: ['SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/data/ImportSnapshot')),
    home: ['SEKRETARIAT'],
  },
  {
    path: '/data/ekspor-siks',
    desk: 'data',
    label: 'nav.data.siks',
    roles: ['SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/data/SiksExports')),
  },
  {
    path: '/data/prelist',
    desk: 'data',
    label: 'nav.data.prelist',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    component: page(() => import('../pages/data/Prelist')),
  },
  {
    path: '/data/prelist/:id',
    desk: 'data',
    label: 'nav.data.prelist',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    component: page(() => import('../pages/data/PrelistEntry')),
    nav: false,
  },
  {
    path: '/data/musdes',
    desk: 'data',
    label: 'nav.data.musdes',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    component: page(() => import('../pages/data/MusdesMeetings')),
  },
  {
    path: '/data/musdes/:id',
    desk: 'data',
    label: 'nav.data.musdes',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    component: page(() => import('../pages/data/MusdesMeeting')),
    nav: false,
  },
  {
    path: '/data/surat-keterangan',
    desk: 'data',
    label: 'nav.data.statement',
    roles: ['FO', 'BO', 'MJ', 'SEKRETARIAT'],
    component: page(() => import('../pages/data/Statement')),
  },
  {
    path: '/data/pemeringkatan',
    desk: 'data',
    label: 'nav.data.ranking',
    roles: ['MJ', 'BO', 'SEKRETARIAT'],
    component: page(() => import('../pages/data/Ranking')),
  },
  {
    path: '/data/verivali',
    desk: 'data',
    label: 'nav.data.verivali',
    roles: ['SEKRETARIAT', 'ADMIN'],
    component: page(() => import('../pages/data/VerivaliImport')),
  },
];
