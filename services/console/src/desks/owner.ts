import { page, type ConsoleRoute } from './types';

/** Pemilik Program (PO): the referrals addressed to the user's programme owner, and answering them. */
export const ownerRoutes: ConsoleRoute[] = [
  {
    path: '/rujukan-masuk',
    desk: 'owner',
    label: 'owner.nav.referrals',
    roles: ['PO'],
    component: page(() => import('../pages/owner/Referrals')),
    home: ['PO'],
  },
  {
    path: '/rujukan-masuk/:id',
    desk: 'owner',
    label: 'owner.nav.referrals',
    roles: ['PO'],
    component: page(() => import('../pages/owner/Referral')),
    nav: false,
  },
];
