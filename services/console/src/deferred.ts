// What the front office's first load leaves out (`loadDeferred()` in desks/types.ts): all of
// Mantine's styles (the entry has only the components of the frame, sign-in and registration
// form: src/styles.ts) and the wording of the desks other than the front office.
import '@mantine/core/styles.layer.css';
import { addMessages } from './i18n';
import review from './i18n/id/review.json';
import owner from './i18n/id/owner.json';
import data from './i18n/id/data.json';
import settings from './i18n/id/settings.json';
import reports from './i18n/id/reports.json';
import massIssues from './i18n/id/mass-issues.json';
import outcome from './i18n/id/outcome.json';

addMessages({ ...review, ...owner, ...data, ...settings, ...reports, ...massIssues, ...outcome });
