/**
 * Builds the hall client's app folder, `hall-client/dist/`, which electron-builder packs into
 * app.asar (electron-builder.yml `directories.app`):
 *
 *   main.cjs, preload*.cjs   hall-client/src/main.ts and preload*.ts, bundled by esbuild
 *                            (Node platform, CommonJS); only `electron` and the native
 *                            modules stay outside the bundle
 *   pages/                   the shell's own pages: pair.html (first start), offline.html,
 *                            exit.html (the exit PIN prompt)
 *   voice/                   the voice packs (display/voice), for announcements offline
 *   package.json             written here: name, version, `main`, and as `dependencies`
 *                            only the native modules the bundle loads at run time
 *
 * No TypeScript, source maps, tests, docs or server code reaches the folder. The native
 * modules come from the repository's node_modules when electron-builder packs.
 *
 *   npm run build:hall-client            (npm run dist and dist:dir run it first)
 */
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/** Native modules: loaded from node_modules at run time, never bundled. */
export const NATIVE_MODULES = [
  'serialport',
  '@serialport/*',
  'usb',
  'node-hid',
  '@napi-rs/canvas',
] as const;

/** Server-only modules: the client must never pull them in. */
const SERVER_ONLY = ['better-sqlite3', 'fastify', 'pino', 'socket.io'] as const;

/** What a sandboxed preload may `require` (Electron's sandbox rules). */
const PRELOAD_REQUIRES: ReadonlySet<string> = new Set(['electron', 'events', 'timers', 'url']);

export class HallClientBuildError extends Error {
  override readonly name = 'HallClientBuildError';
}

export interface HallClientBuild {
  /** The app folder (hall-client/dist unless `outDir` was given). */
  readonly appDir: string;
  /** The bundled entries, relative to appDir. */
  readonly entries: readonly string[];
  /** The runtime dependencies written to the app's package.json, name → version. */
  readonly dependencies: Readonly<Record<string, string>>;
}

export interface BuildOptions {
  /** The repository (default: this one). */
  readonly root?: string;
  /** Where the app folder goes (default: <root>/hall-client/dist). */
  readonly outDir?: string;
  /** Minify the bundles (default true). */
  readonly minify?: boolean;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The package name of an import path: `@serialport/stream/x` → `@serialport/stream`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isNative(name: string): boolean {
  return NATIVE_MODULES.some((n) =>
    n.endsWith('/*') ? name.startsWith(n.slice(0, -1)) : name === n,
  );
}

/** Every bare package a bundle leaves to `require`/`import` at run time. */
function externalPackages(metafile: Metafile): Set<string> {
  const names = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (imported.external !== true) continue;
      if (imported.path.startsWith('.')) continue;
      names.add(imported.path.startsWith('node:') ? imported.path : packageName(imported.path));
    }
  }
  return names;
}

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules);

/** The main process (Node) or the preloads (sandboxed: no __dirname, no Node modules). */
async function bundleNode(
  kind: 'main' | 'preload',
  entries: readonly string[],
  appDir: string,
  minify: boolean,
  srcDir: string,
): Promise<Metafile> {
  // ESM sources, CommonJS bundle: give the main process's import.meta its CommonJS values.
  const importMeta: Record<string, string> =
    kind === 'main'
      ? {
          'import.meta.dirname': '__dirname',
          'import.meta.filename': '__filename',
          'import.meta.url': 'hallqImportMetaUrl',
        }
      : {};
  const result = await build({
    entryPoints: entries.map((e) => path.join(srcDir, e)),
    outdir: appDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 41 runs Node 24 in the main process and Chromium 146 in preloads.
    target: ['node22', 'chrome130'],
    external: ['electron', ...NATIVE_MODULES, ...SERVER_ONLY],
    minify,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    define: { ...importMeta, 'process.env.NODE_ENV': '"production"' },
    ...(kind === 'main'
      ? {
          banner: { js: 'const hallqImportMetaUrl=require("url").pathToFileURL(__filename).href;' },
        }
      : {}),
  });
  return result.metafile;
}

/** The shell's own pages (hall-client/pages), shown without a server. */
export const SHELL_PAGES = ['pair', 'offline', 'exit'] as const;

/**
 * Bundles the shell's pages into `outDir`: <page>.html, <page>.js (one classic script) and
 * <page>.css for each of SHELL_PAGES.
 */
export async function buildShellPages(
  outDir: string,
  options: { readonly root?: string; readonly minify?: boolean } = {},
): Promise<void> {
  const repo = options.root ?? root;
  await bundlePages(path.join(repo, 'hall-client', 'pages'), outDir, options.minify ?? true);
}

async function bundlePages(pagesDir: string, outDir: string, minify: boolean): Promise<void> {
  const pages = SHELL_PAGES;
  await build({
    entryPoints: pages.map((p) => path.join(pagesDir, `${p}.tsx`)),
    outdir: outDir,
    bundle: true,
    platform: 'browser',
    // Classic scripts: file:// pages cannot load module scripts in every Chromium.
    format: 'iife',
    target: ['chrome130'],
    jsx: 'automatic',
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  for (const page of pages) {
    await cp(path.join(pagesDir, `${page}.html`), path.join(outDir, `${page}.html`));
  }
}

/** The installed version of a package, looked up from the repository root. */
async function installedVersion(repo: string, name: string): Promise<string | null> {
  try {
    const require = createRequire(path.join(repo, 'package.json'));
    const file = require.resolve(`${name}/package.json`);
    const pkg = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

interface ClientPackage {
  readonly version?: string;
  readonly description?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

/** Builds the app folder; throws HallClientBuildError with what to do when it cannot. */
export async function buildHallClient(options: BuildOptions = {}): Promise<HallClientBuild> {
  const repo = options.root ?? root;
  const minify = options.minify ?? true;
  const clientDir = path.join(repo, 'hall-client');
  const srcDir = path.join(clientDir, 'src');
  const appDir = options.outDir ?? path.join(clientDir, 'dist');

  if (!(await exists(path.join(srcDir, 'main.ts')))) {
    throw new HallClientBuildError(`${path.join(srcDir, 'main.ts')} is missing: nothing to build.`);
  }
  const preloads = (await readdir(srcDir))
    .filter((f) => /^preload[\w-]*\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
  if (preloads.length === 0) {
    throw new HallClientBuildError(`No preload in ${srcDir} (expected preload.ts).`);
  }

  await rm(appDir, { recursive: true, force: true });
  await mkdir(appDir, { recursive: true });

  const main = await bundleNode('main', ['main.ts'], appDir, minify, srcDir);
  const preload = await bundleNode('preload', preloads, appDir, minify, srcDir);

  const mainExternals = externalPackages(main);
  for (const name of mainExternals) {
    if ((SERVER_ONLY as readonly string[]).includes(name)) {
      throw new HallClientBuildError(
        `The hall client's main process imports ${name}, which is server-only: import the module that needs it from the server, not from hall-client.`,
      );
    }
  }
  for (const name of externalPackages(preload)) {
    if (!PRELOAD_REQUIRES.has(name)) {
      throw new HallClientBuildError(
        `A preload requires ${name}, which a sandboxed preload cannot load (only electron, events, timers, url): move that code to the main process.`,
      );
    }
  }

  // Runtime dependencies: the natives the bundle requires, plus those hall-client/package.json
  // declares (a module loaded by a computed name, e.g. node-hid, is invisible to esbuild).
  const clientPkg = JSON.parse(
    await readFile(path.join(clientDir, 'package.json'), 'utf8'),
  ) as ClientPackage;
  const wanted = new Set(
    [...mainExternals, ...Object.keys(clientPkg.dependencies ?? {})].filter(
      (name) =>
        name !== 'electron' &&
        !name.startsWith('node:') &&
        !NODE_BUILTINS.has(name) &&
        isNative(name),
    ),
  );
  const dependencies: Record<string, string> = {};
  for (const name of [...wanted].sort()) {
    const version = await installedVersion(repo, name);
    if (version === null) {
      throw new HallClientBuildError(
        `The hall client needs the native module ${name} at run time, but it is not installed: run \`npm install ${name} -w hall-client\`.`,
      );
    }
    dependencies[name] = version;
  }

  await bundlePages(path.join(clientDir, 'pages'), path.join(appDir, 'pages'), minify);
  await cp(path.join(repo, 'display', 'voice'), path.join(appDir, 'voice'), {
    recursive: true,
    filter: (source) => !/\.(md|ts|map)$/.test(source),
  });

  const rootPkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as {
    version?: string;
  };
  const appPkg = {
    name: 'hallq-client',
    productName: 'HallQ',
    version: clientPkg.version ?? rootPkg.version ?? '0.0.0',
    description:
      clientPkg.description ?? 'HallQ 大厅排队叫号 hall client: kiosk, call screen, counter',
    author: { name: 'HallQ', email: 'hallq@hallq.cn' },
    homepage: 'https://hallq.cn',
    license: 'UNLICENSED',
    main: 'main.cjs',
    dependencies,
  };
  await writeFile(path.join(appDir, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);

  return {
    appDir,
    entries: ['main.cjs', ...preloads.map((p) => p.replace(/\.ts$/, '.cjs'))],
    dependencies,
  };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  try {
    const built = await buildHallClient({ minify: !process.argv.includes('--no-minify') });
    const natives = Object.keys(built.dependencies).join(', ') || 'none';
    process.stdout.write(
      `hall client built in ${path.relative(process.cwd(), built.appDir) || '.'}: ${built.entries.join(', ')}, pages, voice; native modules: ${natives}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `build-hall-client: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
