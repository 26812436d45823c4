import { runService } from '@slrt/messaging';
import { registryService } from './app.js';
import { RegistryEnv } from './config/registry.env.js';

await runService('registry', RegistryEnv, registryService);
