// @ts-check
// Runs the workspace's TypeScript directly in Node (child processes of integration tests, bench
// scripts): `node --import ./libs/testing/ts-register.mjs some.ts`. It compiles each .ts file with
// swc (same options as the build, decorator metadata included), maps `./x.js` specifiers to
// `./x.ts` when only the .ts exists, and resolves `@slrt/<lib>` to the library's src/index.ts so
// nothing needs to be built first.
import { register } from 'node:module';

register(new URL('./ts-hooks.mjs', import.meta.url), import.meta.url);
