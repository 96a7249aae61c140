// electron-builder afterPack hook (electron-builder.yml): every native module packed into the
// hall client must have a binary for the platform and arch being packed, or the installer
// would start on the hall PC and fail at the first print or key press. Cross-packing (e.g.
// linux arm64 on an x64 build machine) is where this bites: npm installs @napi-rs/canvas's
// binary package only for the machine it runs on.
'use strict';
const path = require('node:path');
const asar = require('@electron/asar');

/** electron-builder's Arch enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * The native-binary problems of a packed app.asar for `platform`-`arch`: each package with a
 * `prebuilds/` folder needs one for the target (`linux-arm64`, `win32-x64`,
 * `darwin-x64+arm64`), and @napi-rs/canvas needs its `skia.<platform>-<arch>*.node`.
 * @returns the problems in words; empty when the app is complete
 */
function nativeProblems(asarPath, platform, arch) {
  const files = asar
    .listPackage(asarPath, { isPack: false })
    .map((f) => f.split(path.sep).join('/').replace(/^\//, ''));
  const target = `${platform}-${arch}`;
  const prebuilds = new Map();
  for (const file of files) {
    const match = /^(.*)\/prebuilds\/([^/]+)\/[^/]+\.node$/.exec(file);
    if (match === null) continue;
    const folders = prebuilds.get(match[1]) ?? new Set();
    folders.add(match[2]);
    prebuilds.set(match[1], folders);
  }
  const problems = [];
  for (const [dir, folders] of prebuilds) {
    const ok = [...folders].some((folder) => {
      const dash = folder.indexOf('-');
      return (
        folder.slice(0, dash) === platform &&
        folder
          .slice(dash + 1)
          .split('+')
          .includes(arch)
      );
    });
    if (!ok) problems.push(`${dir} has no prebuilt binary for ${target}`);
  }
  if (files.some((f) => f.startsWith('node_modules/@napi-rs/canvas/'))) {
    const skia = new RegExp(`/skia\\.${platform}-${arch}(-[a-z]+)?\\.node$`);
    if (!files.some((f) => skia.test(f))) {
      problems.push(
        `@napi-rs/canvas has no binary for ${target}: run \`npm install --no-save --os=${platform} --cpu=${arch} @napi-rs/canvas\` first, or pack on a ${target} machine`,
      );
    }
  }
  return problems;
}

async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const resources =
    platform === 'darwin'
      ? path.join(
          context.appOutDir,
          `${context.packager.appInfo.productFilename}.app`,
          'Contents',
          'Resources',
        )
      : path.join(context.appOutDir, 'resources');
  const problems = nativeProblems(path.join(resources, 'app.asar'), platform, arch);
  if (problems.length > 0) {
    throw new Error(
      `HallQ: the ${platform}-${arch} hall client lacks native binaries:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.nativeProblems = nativeProblems;
