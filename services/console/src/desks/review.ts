import { ownerRoutes } from './owner';
import { page, type ConsoleRoute } from './types';

const Queue = page(() => import('../pages/review/Queue'));
const Case = page(() => import('../pages/review/Case'));
const Inbox = page(() => import('../pages/inbox/Inbox'));
const FieldChecks = page(() => import('../pages/review/FieldChecks'));
const FieldCheck = page(() => import('../pages/review/FieldCheck').then((m) => ({ default: m.FieldCheckPage })));
const MassIssues = page(() => import('../pages/mass-issues/MassIssues'));
const OutcomeVerifications = page(() => import('../pages/outcome/OutcomeVerifications'));

/**
 * Review dan Analisis (SPV, MJ) and Program dan Layanan (BO): the case queue (the home of these
 * roles), a case, and the staff inbox (every staff role; reached from the frame's menu).
 */
export const reviewRoutes: ConsoleRoute[] = [
  {
    path: '/antrean',
    desk: 'review',
    label: 'review.nav.queue',
    roles: ['SPV', 'MJ'],
    component: Queue,
    home: ['SPV', 'MJ'],
  },
  {
    path: '/rujukan',
    desk: 'programmes',
    label: 'review.nav.programmes',
    roles: ['BO'],
    component: Queue,
    home: ['BO'],
  },
  { path: '/pemeriksaan-fs', desk: 'review', label: 'review.nav.fieldChecks', roles: ['SPV'], component: FieldChecks },
  {
    path: '/pemeriksaan-fs/:id',
    desk: 'review',
    label: 'review.nav.fieldChecks',
    roles: ['SPV'],
    component: FieldCheck,
    nav: false,
  },
  // Outcome verification (issue 19): OUTCOME_VERIFICATION_READ_ROLES of libs/contracts.
  {
    path: '/verifikasi-hasil',
    desk: 'programmes',
    label: 'outcome.nav',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    component: OutcomeVerifications,
  },
  {
    path: '/kasus/:id',
    desk: null,
    label: 'review.case.actions',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    component: Case,
    nav: false,
  },
  {
    path: '/masalah-massal',
    desk: 'review',
    label: 'massIssues.nav',
    roles: ['SPV', 'MJ', 'BO'],
    component: MassIssues,
  },
  {
    path: '/kotak-masuk',
    desk: null,
    label: 'review.nav.inbox',
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
    component: Inbox,
    nav: false,
  },
];

/** The case desks' pages (review, programmes, owner, inbox): the one entry of `desks/index.ts`. */
export const caseDeskRoutes: ConsoleRoute[] = [...reviewRoutes, ...ownerRoutes];
