// @ts-check
// Compiles every library and service (src → dist) with swc using the root .swcrc: the same
// transform Jest uses, so what runs is what was tested. Skips unchanged files by mtime.
import {
  copyFileSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  mkdirSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Source files under `dir` with extension `ext` (TypeScript: no specs, no declarations). */
function* walk(dir, ext = '.ts') {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p, ext);
    else if (entry.name.endsWith(ext) && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield p;
  }
}

/** Lists `libs/*` and `services/*` folders that have a src/ directory. */
export function projects() {
  return ['libs', 'services'].flatMap((kind) =>
    existsSync(join(root, kind))
      ? readdirSync(join(root, kind))
          // The web console is built by Vite (console-build.mjs), not compiled file by file.
          .filter(
            (name) =>
              existsSync(join(root, kind, name, 'src')) && !existsSync(join(root, kind, name, 'vite.config.ts')),
          )
          .map((name) => join(kind, name))
      : [],
  );
}

/**
 * Writes through a temporary file and a rename: two builds at once (test files that start the
 * stack, in parallel) never let a process import a half-written file.
 * @param {string} path @param {string} content
 */
function writeAtomic(path, content) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Builds all projects; returns the number of files compiled. */
export async function build({ quiet = false } = {}) {
  // @swc/core (its native binding) is loaded on the first file to compile: a start with nothing
  // changed only compares modification times.
  /** @type {typeof import('@swc/core').transformFile | undefined} */
  let transformFile;
  const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  delete swcrc.$schema;
  let total = 0;
  for (const project of projects()) {
    const src = join(root, project, 'src');
    const dist = join(root, project, 'dist');
    let compiled = 0;
    for (const file of walk(src)) {
      const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
      if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
      transformFile ??= (await import('@swc/core')).transformFile;
      const { code, map } = await transformFile(file, {
        ...swcrc,
        swcrc: false,
        filename: file,
        sourceFileName: relative(dirname(out), file),
      });
      mkdirSync(dirname(out), { recursive: true });
      if (map) writeAtomic(`${out}.map`, map);
      writeAtomic(out, map ? `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n` : code);
      compiled++;
    }
    // JSON data shipped with the sources (fixtures, reference data) is copied alongside.
    for (const file of walk(src, '.json')) {
      const out = join(dist, relative(src, file));
      if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
      mkdirSync(dirname(out), { recursive: true });
      copyFileSync(file, `${out}.${process.pid}.tmp`);
      renameSync(`${out}.${process.pid}.tmp`, out);
    }
    total += compiled;
    if (!quiet && compiled) process.stdout.write(`built ${project} (${compiled} files)\n`);
  }
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = await build();
  process.stdout.write(`build done: ${n} files compiled\n`);
  const { buildConsole } = await import('./console-build.mjs');
  await buildConsole();
}
