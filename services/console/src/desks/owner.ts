import { lazy } from 'react';
import type { ConsoleRoute } from './types';

/** Pemilik Program (PO): the referrals addressed to the user's programme owner, and answering them. */
export const ownerRoutes: ConsoleRoute[] = [
  {
    path: '/rujukan-masuk',
    desk: 'owner',
    label: 'owner.nav.referrals',
    roles: ['PO'],
    component: lazy(() => import('../pages/owner/Referrals')),
    home: ['PO'],
  },
  {
    path: '/rujukan-masuk/:id',
    desk: 'owner',
    label: 'owner.nav.referrals',
    roles: ['PO'],
    component: lazy(() => import('../pages/owner/Referral')),
    nav: false,
  },
];
