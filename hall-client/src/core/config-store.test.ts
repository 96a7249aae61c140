import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, writeAtomically, type PairedState } from './config-store.ts';
import { NO_SECRET_BOX, aesGcmBox } from './secret-box.ts';
import { sampleConfig } from './test-support.ts';

let dir: string;
let file: string;
const key = randomBytes(32);
const box = aesGcmBox(key);
const TOKEN = 'tok_'.padEnd(43, 'x');

function paired(overrides: Partial<PairedState> = {}): PairedState {
  return {
    serverUrl: 'http://192.168.1.10:8080',
    deviceId: 'kiosk-1',
    token: TOKEN,
    config: sampleConfig('kiosk', { printerUrl: 'tcp://192.168.1.50:9100' }),
    pairedAt: 1_790_000_000_000,
    ...overrides,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-client-'));
  file = join(dir, 'data', 'hall-client.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ConfigStore', () => {
  it('starts unpaired when there is no file', async () => {
    const store = new ConfigStore({ file, box });
    expect(await store.load()).toEqual({
      paired: null,
      lastServerUrl: null,
      problem: null,
      movedTo: null,
    });
  });

  it('keeps a paired device across a restart (a new store on the same file)', async () => {
    await new ConfigStore({ file, box }).save(paired());
    const again = await new ConfigStore({ file, box }).load();
    expect(again.problem).toBeNull();
    expect(again.paired).toEqual(paired());
    expect(again.lastServerUrl).toBe('http://192.168.1.10:8080');
  });

  it('encrypts the token at rest and never writes it in clear', async () => {
    const store = new ConfigStore({ file, box });
    expect(store.tokenProtection).toBe('encrypted');
    await store.save(paired());
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    const json = JSON.parse(text) as { device: { token: { protection: string; data: string } } };
    expect(json.device.token.protection).toBe('encrypted');
    expect(box.decrypt(Buffer.from(json.device.token.data, 'base64'))).toBe(TOKEN);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('without a key store keeps the token in clear, says so, and reads it back', async () => {
    const store = new ConfigStore({ file, box: NO_SECRET_BOX });
    expect(store.tokenProtection).toBe('plain');
    await store.save(paired());
    expect(readFileSync(file, 'utf8')).toContain('"protection": "plain"');
    expect((await store.load()).paired?.token).toBe(TOKEN);
  });

  it('updates the configuration in place, keeping the token', async () => {
    const store = new ConfigStore({ file, box });
    await store.save(paired());
    const changed = sampleConfig('kiosk', { printerUrl: 'tcp://192.168.1.51:9100', paper: 58 }, 2);
    await store.updateConfig(changed);
    const loaded = await new ConfigStore({ file, box }).load();
    expect(loaded.paired?.config).toEqual(changed);
    expect(loaded.paired?.token).toBe(TOKEN);
  });

  it('refuses a configuration of another device, leaving the file as it was', async () => {
    const store = new ConfigStore({ file, box });
    await store.save(paired());
    const before = readFileSync(file, 'utf8');
    const other = { ...sampleConfig('kiosk'), deviceId: 'kiosk-9' };
    await expect(store.updateConfig(other)).rejects.toThrow(/kiosk-9/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('clear() forgets the device and token but remembers the server address', async () => {
    const store = new ConfigStore({ file, box });
    await store.save(paired());
    await store.clear();
    const loaded = await new ConfigStore({ file, box }).load();
    expect(loaded.paired).toBeNull();
    expect(loaded.lastServerUrl).toBe('http://192.168.1.10:8080');
    expect(readFileSync(file, 'utf8')).not.toContain('token');
  });

  it.each([
    ['not JSON', '{"format": 1, "device": '],
    ['the wrong shape', JSON.stringify({ format: 1, lastServerUrl: 'ftp://x', device: null })],
    ['a binding the role does not allow', 'BAD_BINDING'],
    ['a token that does not decrypt', 'BAD_TOKEN'],
  ])('moves a file with %s aside and starts unpaired', async (_what, content) => {
    const store = new ConfigStore({ file, box, now: () => 1234 });
    await store.save(paired());
    const good = JSON.parse(readFileSync(file, 'utf8')) as {
      device: { config: { binding: Record<string, unknown> }; token: { data: string } };
    };
    if (content === 'BAD_BINDING') {
      good.device.config.binding.paper = 66;
      content = JSON.stringify(good);
    } else if (content === 'BAD_TOKEN') {
      good.device.token.data = aesGcmBox(randomBytes(32)).encrypt(TOKEN).toString('base64');
      content = JSON.stringify(good);
    }
    writeFileSync(file, content);
    const loaded = await store.load();
    expect(loaded.paired).toBeNull();
    expect(loaded.problem).toEqual(expect.any(String));
    expect(loaded.movedTo).toBe(`${file}.corrupt-1234`);
    expect(readFileSync(`${file}.corrupt-1234`, 'utf8')).toBe(content);
    // The client carries on: the next start finds no file, and pairing again works.
    expect((await store.load()).problem).toBeNull();
    await store.save(paired());
    expect((await store.load()).paired?.token).toBe(TOKEN);
  });

  it('an encrypted token cannot be read on a machine without the key store', async () => {
    await new ConfigStore({ file, box }).save(paired());
    const loaded = await new ConfigStore({ file, box: NO_SECRET_BOX, now: () => 5 }).load();
    expect(loaded.paired).toBeNull();
    expect(loaded.problem).toMatch(/no key store/);
  });

  it('serialises concurrent writes: the last one wins, no temp files are left', async () => {
    const store = new ConfigStore({ file, box });
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => store.save(paired({ pairedAt: n, deviceId: 'kiosk-1' }))),
    );
    expect((await store.load()).paired?.pairedAt).toBe(5);
    expect(readdirSync(join(dir, 'data'))).toEqual(['hall-client.json']);
  });
});

describe('writeAtomically', () => {
  it('replaces the content whole and leaves no temp file', async () => {
    await writeAtomically(file, 'one');
    await writeAtomically(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'data'))).toEqual(['hall-client.json']);
  });

  it('a failed write leaves the old file and no temp file', async () => {
    await writeAtomically(file, 'old');
    // The target is now a folder: the rename fails after the temp file was written.
    const folder = join(dir, 'data', 'folder');
    await writeAtomically(join(folder, 'x'), 'x');
    await expect(writeAtomically(folder, 'new')).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['folder', 'hall-client.json']);
  });
});
