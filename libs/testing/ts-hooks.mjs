// @ts-check
// Module hooks for ts-register.mjs (runs in Node's loader thread).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from '@swc/core';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** @type {import('@swc/core').Options} */
const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    target: 'es2023',
    keepClassNames: true,
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(s: string, c: object) => Promise<{ url: string }>} next
 */
export async function resolve(specifier, context, next) {
  const lib = /^@slrt\/([a-z-]+)(?:\/([a-z-]+))?$/.exec(specifier);
  if (lib) {
    const file = `${root}libs/${lib[1]}/src/${lib[2] ?? 'index'}.ts`;
    if (existsSync(file)) return { url: pathToFileURL(file).href, shortCircuit: true };
  }
  if (context.parentURL?.startsWith('file:') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const candidate = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(candidate)) {
      return { url: candidate.href, shortCircuit: true };
    }
  }
  return next(specifier, context);
}

/**
 * @param {string} url
 * @param {object} context
 * @param {(u: string, c: object) => Promise<{ format: string, source: unknown }>} next
 */
export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts') && !url.endsWith('.d.ts')) {
    const filename = fileURLToPath(url);
    const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return next(url, context);
}
