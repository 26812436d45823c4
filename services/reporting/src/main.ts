import { runService } from '@slrt/messaging';
import { reportingService } from './app.js';
import { ReportingEnv } from './config/reporting.env.js';

await runService('reporting', ReportingEnv, reportingService);
