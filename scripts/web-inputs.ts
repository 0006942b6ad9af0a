/**
 * What the web bundle is built from, so that web/dist is rebuilt exactly when one of those files
 * changes. The build records every file it loaded (the app, and each server module it imports:
 * labels, grants, the urgency policy) with a hash of its content; the bundle is stale when any of
 * them differs or is gone, or when a file every build depends on (dependencies, the build's own
 * configuration, the page shell, the copied public files) is not recorded as it is now.
 *
 * The record lives in the output's `.vite/` folder, beside Vite's own build metadata: the server
 * serves root files of web/dist by name, but nothing below a subfolder other than assets/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Where the record is, relative to the build's output folder. */
export const inputsFile = path.join('.vite', 'inputs.json');

/** The record: each input's path (relative to the repository, with `/`) and SHA-256 of its content. */
export interface WebInputs {
  files: Record<string, string>;
}

/** The hex SHA-256 of a file's content, or undefined when there is no such file. */
export function hashOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

const posix = (p: string) => p.split(path.sep).join('/');

/**
 * Files every build depends on besides the modules it loads, relative to `root`: the lock file
 * (dependencies), the Vite configuration, this module and the build script (it compresses the
 * assets), the page shell, the TypeScript settings and web/public (copied as it is).
 */
export function fixedInputs(root: string): string[] {
  const fixed = [
    'package-lock.json',
    'web/vite.config.ts',
    'scripts/web-inputs.ts',
    'scripts/build-web.ts',
    'web/index.html',
    'web/tsconfig.json',
  ];
  const walk = (dir: string): string[] =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`],
        )
      : [];
  return [...fixed, ...walk('web/public')];
}

/**
 * The record for a build that loaded `moduleIds`: files under `root` only (dependencies come in
 * through the lock file, so node_modules is left out), without Vite's queries (`?inline`) or
 * virtual modules, plus the fixed inputs, each with its hash; sorted, so the record diffs cleanly.
 */
export function inputsOf(root: string, moduleIds: Iterable<string>): WebInputs {
  const names = new Set(fixedInputs(root));
  for (const id of moduleIds) {
    const file = id.split('?')[0]!;
    if (id.startsWith('\0') || !path.isAbsolute(file)) continue;
    const name = path.relative(root, file);
    if (name.startsWith('..') || path.isAbsolute(name)) continue;
    if (name.split(path.sep).includes('node_modules')) continue;
    names.add(posix(name));
  }
  const files: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const hash = hashOf(path.join(root, name));
    if (hash !== undefined) files[name] = hash;
  }
  return { files };
}

/**
 * Why the build in `outDir` no longer matches the files under `root`, or undefined when it does:
 * no build, no record, an input changed or gone, or a fixed input missing from the record.
 */
export function whyStale(root: string, outDir: string): string | undefined {
  if (!existsSync(path.join(outDir, 'index.html'))) return 'no build yet';
  let recorded: WebInputs;
  try {
    recorded = JSON.parse(readFileSync(path.join(outDir, inputsFile), 'utf8')) as WebInputs;
  } catch {
    return 'no record of its inputs';
  }
  if (typeof recorded?.files !== 'object' || recorded.files === null) return 'no record of its inputs';
  for (const [name, hash] of Object.entries(recorded.files)) {
    const now = hashOf(path.join(root, name));
    if (now === undefined) return `${name} is gone`;
    if (now !== hash) return `${name} changed`;
  }
  for (const name of fixedInputs(root))
    if (!(name in recorded.files) && existsSync(path.join(root, name))) return `${name} is new`;
  return undefined;
}

/** A Vite plugin that writes the record once the bundle is written (builds only, not the dev server). */
export function recordInputs(root: string): Plugin {
  return {
    name: 'expedite:record-inputs',
    apply: 'build',
    writeBundle(options) {
      const outDir = options.dir ?? path.dirname(options.file ?? '');
      const file = path.join(outDir, inputsFile);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(inputsOf(root, this.getModuleIds()), null, 2)}\n`);
    },
  };
}
