// @ts-check
// `node deploy/local/run-service.mjs <service>`: what `npm start` runs for each service — its
// migrations (`services/<service>/dist/migrate.js up`), then the service itself (`dist/main.js`),
// in ONE process. Both load the same modules (TypeORM, Nest, the libs: ~1.5 s of CPU per process
// on the 2-vCPU bench machine), so migrating in a process of its own and then starting another
// paid that twice for each of the six services (bench/startup.ts, bench/README.md). A service owns
// its schema, so migrating it just before it starts is what the launcher did before, minus the
// wait for the other services' migrations. A failed migration ends the process with its exit code
// before the service starts (the launcher then stops the others, as for any service that exits).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url).pathname;
const service = process.argv[2];
if (!service || !/^[a-z]+$/.test(service)) {
  process.stderr.write('usage: node deploy/local/run-service.mjs <service>\n');
  process.exit(2);
}
const dist = join(root, 'services', service, 'dist');
const argv = process.argv;

// migrate.js reads its command from argv[2] and reports failure through process.exitCode.
process.argv = [argv[0] ?? process.execPath, join(dist, 'migrate.js'), 'up'];
await import(pathToFileURL(join(dist, 'migrate.js')).href);
if (process.exitCode) process.exit(process.exitCode);

process.argv = [argv[0] ?? process.execPath, join(dist, 'main.js')];
await import(pathToFileURL(join(dist, 'main.js')).href);
