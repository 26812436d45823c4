import { runService } from '@slrt/messaging';
import { intakeService } from './app.js';
import { IntakeEnv } from './config/intake.env.js';

await runService('intake', IntakeEnv, intakeService);
