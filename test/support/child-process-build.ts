import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

/**
 * Crash tests run our real code in a child process they can SIGKILL. The TypeScript the child needs (the
 * files given and every one they import, followed from file to file) is transpiled with @swc/core into a
 * temporary directory with the same layout (so the `.js` import specifiers resolve), with node_modules linked in.
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The `.ts` sources of a folder (no specs), or only the named ones. */
export const sourcesOf = (dir: string, only?: string[]) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'))
    .filter((f) => !only || only.includes(f))
    .map((f) => relative(repoRoot, join(repoRoot, dir, f)));

export interface ChildBuild {
  dir: string;
  /** Absolute path of a transpiled source, e.g. script('test/crash/append-forever.ts'). */
  script(source: string): string;
  remove(): void;
}

export async function buildForChild(files: string[]): Promise<ChildBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'sle-child-'));
  const build = join(dir, 'build');
  await Promise.all(
    withImports(files).map(async (source) => {
      const { code } = await transformFile(join(repoRoot, source), {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'es6' },
        sourceMaps: false,
      });
      const target = join(build, source.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
  writeFileSync(join(build, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(repoRoot, 'node_modules'), join(build, 'node_modules'), 'dir');
  return {
    dir,
    script: (source) => join(build, source.replace(/\.ts$/, '.js')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The files and every `.ts` file of the repository they import, directly or not (relative imports only). */
function withImports(files: string[]): string[] {
  const found = new Set(files);
  const specifier = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g;
  for (const file of found) {
    for (const [, imported] of readFileSync(join(repoRoot, file), 'utf8').matchAll(specifier)) {
      const source = relative(repoRoot, join(repoRoot, dirname(file), `${imported}.ts`));
      if (existsSync(join(repoRoot, source))) found.add(source);
    }
  }
  return [...found];
}

/** Environment for a child: jest's --experimental-vm-modules is not for it. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}
