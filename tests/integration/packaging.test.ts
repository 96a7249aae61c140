/**
 * The hall client's packaging, offline: electron-builder.yml passes electron-builder's own
 * configuration validation, and `electron-builder --dir` against a stub Electron (a folder
 * with a fake `electron` executable) packs an app.asar that holds what each role needs and
 * nothing that is only for development. The Electron binary itself cannot be downloaded
 * here; installers (NSIS, AppImage, deb) are built on a build machine (README).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SHELL_PAGES,
  buildHallClient,
  type HallClientBuild,
} from '../../scripts/build-hall-client.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const afterPackHook = require('../../scripts/hall-client-after-pack.cjs') as {
  nativeProblems(asarPath: string, platform: string, arch: string): string[];
};

type DebugLogger = Parameters<typeof validateConfiguration>[1];
const quietLogger = { isEnabled: false, add: () => undefined } as unknown as DebugLogger;

async function loadConfig(overrides: Configuration | null = null): Promise<Configuration> {
  return getConfig(root, path.join(root, 'electron-builder.yml'), overrides);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('is refused by the same validation when an option is misspelt (the check is real)', async () => {
    const config = await loadConfig();
    const broken = { ...config, nsis: { ...config.nsis, oneClik: false } } as Configuration;
    await expect(validateConfiguration(broken, quietLogger)).rejects.toThrow(/oneClik/);
  });

  it('describes the hall client: ids, Electron version, targets, native modules', async () => {
    const config = await loadConfig();
    const rootPkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      allowScripts: Record<string, boolean>;
    };
    const electronPkg = require('electron/package.json') as { version: string };
    expect(config.appId).toBe('cn.hallq.client');
    expect(config.productName).toMatch(/^[A-Za-z0-9 ._-]+$/);
    // One Electron version everywhere: the builder's, the installed package's, the pin.
    expect(config.electronVersion).toBe('41.7.1');
    expect(electronPkg.version).toBe(config.electronVersion);
    expect(rootPkg.devDependencies.electron).toBe(config.electronVersion);
    expect(rootPkg.allowScripts.electron).toBe(false);
    expect(config.directories?.app).toBe('hall-client/dist');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');

    const targets = (value: unknown): Record<string, string[]> =>
      Object.fromEntries(
        (value as { target: string; arch: string[] }[]).map((t) => [t.target, t.arch]),
      );
    expect(targets(config.win?.target)).toEqual({ nsis: ['x64'] });
    expect(targets(config.linux?.target)).toEqual({
      deb: ['x64', 'arm64'],
      AppImage: ['x64', 'arm64'],
    });
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.nsis?.shortcutName).toContain('大厅排队叫号');
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libusb-1.0-0', 'libnss3']));
    expect(config.linux?.maintainer).toMatch(/<[^>]+@[^>]+>/);
  });
});

describe('electron-builder --dir with a stub Electron', () => {
  let work: string | undefined;
  let built: HallClientBuild;
  let asarPath: string;
  let unpackedDir: string;
  let files: string[];
  let appOut: string;

  beforeAll(async () => {
    // Under the repository (so the native modules resolve from its node_modules) and inside a
    // `dist` folder (ignored by git, ESLint and Prettier if a run is interrupted).
    await mkdir(path.join(root, '.tmp'), { recursive: true });
    const dir = await mkdtemp(path.join(root, '.tmp', 'packaging-'));
    work = dir;
    const appDir = path.join(dir, 'dist', 'app');
    const outDir = path.join(dir, 'dist', 'out');
    const stub = path.join(dir, 'electron-stub');
    await mkdir(stub, { recursive: true });
    const exe = process.platform === 'win32' ? 'electron.exe' : 'electron';
    await writeFile(path.join(stub, exe), '#!/bin/sh\necho "stub electron"\n');
    await chmod(path.join(stub, exe), 0o755);

    built = await buildHallClient({ outDir: appDir });
    const platformFlag = { linux: '--linux', win32: '--win', darwin: '--mac' }[
      process.platform as 'linux' | 'win32' | 'darwin'
    ];
    await run(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--dir',
        platformFlag,
        `--${process.arch}`,
        '--publish',
        'never',
        '--config',
        'electron-builder.yml',
        `-c.directories.app=${appDir}`,
        `-c.directories.output=${outDir}`,
        `-c.electronDist=${stub}`,
      ],
      { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
    );
    // linux-unpacked, linux-arm64-unpacked, win-unpacked, …: the one folder it wrote.
    const written = (await readdir(outDir)).filter((d) => d.endsWith('-unpacked'));
    expect(written).toHaveLength(1);
    appOut = path.join(outDir, written[0] ?? '');
    asarPath = path.join(appOut, 'resources', 'app.asar');
    unpackedDir = `${asarPath}.unpacked`;
    files = listPackage(asarPath, { isPack: false }).map((f) =>
      f.split(path.sep).join('/').replace(/^\//, ''),
    );
  });

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const has = (file: string): boolean => files.includes(file);
  const read = (file: string): string => extractFile(asarPath, file).toString('utf8');

  it('packs the shell: main, preloads, package.json naming main.cjs', () => {
    expect(has('main.cjs')).toBe(true);
    for (const entry of built.entries) expect(has(entry), entry).toBe(true);
    expect(built.entries.some((e) => e.startsWith('preload'))).toBe(true);
    const pkg = JSON.parse(read('package.json')) as {
      main: string;
      dependencies: Record<string, string>;
      devDependencies?: unknown;
      scripts?: unknown;
    };
    expect(pkg.main).toBe('main.cjs');
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
    expect(pkg.dependencies).toEqual(built.dependencies);
    // The bundle keeps Electron and the natives outside and names no build machine path.
    const main = read('main.cjs');
    expect(main).toContain('require("electron")');
    expect(main).not.toContain(root);
  });

  it("packs the shell's own pages: pairing, offline, exit prompt", () => {
    for (const page of SHELL_PAGES) {
      expect(has(`pages/${page}.html`), page).toBe(true);
      expect(has(`pages/${page}.js`), page).toBe(true);
      expect(has(`pages/${page}.css`), page).toBe(true);
      const html = read(`pages/${page}.html`);
      expect(html).toContain(`src="${page}.js"`);
      expect(html).toContain('Content-Security-Policy');
    }
  });

  it('packs the whole voice pack, so a screen can announce while offline', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(root, 'display/voice/espeak-ng/pack.json'), 'utf8'),
    ) as { clips: Record<string, { file: string }> };
    const clips = Object.values(manifest.clips);
    expect(clips.length).toBeGreaterThan(100);
    expect(has('voice/espeak-ng/pack.json')).toBe(true);
    for (const clip of clips) expect(has(`voice/espeak-ng/${clip.file}`), clip.file).toBe(true);
  });

  it('packs what each role needs at run time', () => {
    const deps = Object.keys(built.dependencies);
    // kiosk: the printer stack's natives (USB, serial, the rasteriser for rare characters).
    for (const name of ['usb', 'serialport', '@napi-rs/canvas']) {
      expect(deps, `kiosk needs ${name}`).toContain(name);
      expect(has(`node_modules/${name}/package.json`), name).toBe(true);
    }
    // counter: serial keypads (HID keypads too, when node-hid is declared).
    expect(has('node_modules/@serialport/bindings-cpp/package.json')).toBe(true);
    // display: the voice pack (above); every role: main, preload, pages (above).
    // Each native binary is unpacked next to the asar, and this platform has one.
    const natives = files.filter((f) => f.endsWith('.node'));
    expect(natives.length).toBeGreaterThan(0);
    for (const file of natives) expect(existsSync(path.join(unpackedDir, file)), file).toBe(true);
    expect(afterPackHook.nativeProblems(asarPath, process.platform, process.arch)).toEqual([]);
  });

  it('names a missing native binary for a target it was not packed for', () => {
    const problems = afterPackHook.nativeProblems(asarPath, 'freebsd', process.arch);
    expect(problems.join('\n')).toMatch(/no prebuilt binary for freebsd-/);
    expect(problems.join('\n')).toMatch(/@napi-rs\/canvas has no binary for freebsd-/);
  });

  it('packs no sources, source maps, tests, docs, server code or development packages', () => {
    const offending = files.filter(
      (f) =>
        /\.(ts|tsx|mts|cts|map|md|markdown|cc|cpp|c|h|gyp|gypi)$/i.test(f) ||
        /(^|\/)(tests?|__tests__|docs?|examples?)\//.test(f) ||
        /\.test\.[cm]?js$/.test(f) ||
        /^(server|shared|kiosk|display\/src|counter|hall-client|scripts)\//.test(f),
    );
    expect(offending).toEqual([]);
    const packages = new Set(
      files
        .map((f) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1])
        .filter((p): p is string => p !== undefined),
    );
    for (const dev of [
      'electron',
      'electron-builder',
      'app-builder-lib',
      'typescript',
      'vitest',
      'vite',
      'esbuild',
      'eslint',
      'tsx',
      'better-sqlite3',
      'fastify',
      'react',
      'react-dom',
      'zod',
      '@hallq/shared',
      '@hallq/server',
    ]) {
      expect(packages.has(dev), dev).toBe(false);
    }
    const main = read('main.cjs');
    expect(main).not.toMatch(/better-sqlite3|from "fastify"|require\("fastify"\)/);
  });

  it('names the executable and ships the operator note', () => {
    const exe = process.platform === 'win32' ? 'HallQ.exe' : 'hallq-client';
    expect(existsSync(path.join(appOut, exe))).toBe(true);
    expect(existsSync(path.join(appOut, 'resources', 'HALL-PC-README.txt'))).toBe(true);
  });
});
