/**
 * Start at login. Windows (and macOS) do it through Electron's `app.setLoginItemSettings`;
 * Linux desktops (UOS, Kylin, Debian) read XDG autostart entries instead, which Electron does
 * not write: `~/.config/autostart/hallq-client.desktop`, written or removed here.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomically } from './config-store.ts';

export const AUTOSTART_FILE = 'hallq-client.desktop';

/** Quotes an Exec argument per the Desktop Entry spec. */
function execArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The autostart entry that starts `exec` (the AppImage file, or the installed binary). */
export function autostartDesktopEntry(exec: string, args: readonly string[] = []): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=HallQ 大厅排队叫号',
    'Comment=HallQ hall client (kiosk, call screen, counter)',
    `Exec=${[exec, ...args].map(execArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The XDG autostart folder: $XDG_CONFIG_HOME/autostart, else ~/.config/autostart. */
export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME;
  return path.join(
    config !== undefined && config !== '' ? config : path.join(home, '.config'),
    'autostart',
  );
}

/** Writes (enabled) or removes (disabled) the Linux autostart entry in `dir`. */
export async function applyLinuxAutostart(
  dir: string,
  enabled: boolean,
  exec: string,
): Promise<void> {
  const file = path.join(dir, AUTOSTART_FILE);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(dir, { recursive: true });
  await writeAtomically(file, autostartDesktopEntry(exec));
}
