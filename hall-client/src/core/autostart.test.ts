import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  applyLinuxAutostart,
  autostartDesktopEntry,
  autostartDir,
} from './autostart.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Linux autostart', () => {
  it('writes an XDG entry that starts the app, and removes it when switched off', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hallq-home-'));
    dirs.push(home);
    const dir = autostartDir({}, home);
    expect(dir).toBe(join(home, '.config', 'autostart'));
    await applyLinuxAutostart(dir, true, '/opt/HallQ/hallq-client');
    const text = readFileSync(join(dir, AUTOSTART_FILE), 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec=/opt/HallQ/hallq-client\n');
    await applyLinuxAutostart(dir, false, '/opt/HallQ/hallq-client');
    expect(existsSync(join(dir, AUTOSTART_FILE))).toBe(false);
    await applyLinuxAutostart(dir, false, '/opt/HallQ/hallq-client'); // already gone: fine
  });

  it('quotes paths with spaces and special characters; honours XDG_CONFIG_HOME', () => {
    expect(autostartDesktopEntry('/home/hall pc/HallQ "1".AppImage')).toContain(
      'Exec="/home/hall pc/HallQ \\"1\\".AppImage"',
    );
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/a')).toBe('/x/cfg/autostart');
  });
});
