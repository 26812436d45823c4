// Writes libs/contracts/asyncapi/owner-channel.asyncapi.json from the contracts (npm run asyncapi).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ownerChannelAsyncApi } from './src/asyncapi/owner-channel.js';

const out = fileURLToPath(new URL('./asyncapi/owner-channel.asyncapi.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('./asyncapi/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(ownerChannelAsyncApi(), null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
