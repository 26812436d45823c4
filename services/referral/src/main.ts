import { runService } from '@slrt/messaging';
import { referralService } from './app.js';
import { ReferralEnv } from './config/referral.env.js';

await runService('referral', ReferralEnv, referralService);
