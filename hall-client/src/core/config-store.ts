/**
 * What the hall client keeps between starts: the server it paired with, its device id and
 * token, the configuration last received and when it paired. One JSON file in the app's data
 * folder (Electron `app.getPath('userData')`), written atomically (temp file + fsync + rename
 * + directory fsync), validated with zod on every read.
 *
 * - The token is encrypted through an injected {@link SecretBox} (Electron's safeStorage in the
 *   shell: DPAPI on Windows, the keyring on Linux). When no box is available (a Linux hall PC
 *   without a keyring) the token is stored in clear in a file only its user may read, and
 *   {@link ConfigStore.tokenProtection} says so, for the shell to log a warning.
 * - A file that cannot be read, parsed, validated or decrypted is moved aside
 *   (`<file>.corrupt-<time>`) and the client starts unpaired: it never crashes on its own file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeviceConfig } from '@hallq/shared';
import { z } from 'zod';
import { deviceConfigSchema } from './device-config.ts';

/** Encrypts the token at rest (safeStorage in the shell; AES-GCM in tests). */
export interface SecretBox {
  /** False when the OS offers no key store; the token is then kept in clear (mode 0600). */
  readonly available: boolean;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

/** A paired device's persisted state. */
export interface PairedState {
  /** The hall server's origin, e.g. http://192.168.1.10:8080. */
  readonly serverUrl: string;
  readonly deviceId: string;
  readonly token: string;
  readonly config: DeviceConfig;
  /** When the device paired, ms since epoch. */
  readonly pairedAt: number;
}

/** What {@link ConfigStore.load} found. */
export interface LoadedState {
  /** The paired state, or null: first start, unpaired, revoked or a corrupt file. */
  readonly paired: PairedState | null;
  /** The last server address used (kept after a revoke, to prefill the pairing page). */
  readonly lastServerUrl: string | null;
  /** Why an existing file was not used (it was moved to `movedTo`); null when all was well. */
  readonly problem: string | null;
  readonly movedTo: string | null;
}

const FORMAT = 1;

const tokenSchema = z.discriminatedUnion('protection', [
  z.strictObject({ protection: z.literal('encrypted'), data: z.base64() }),
  z.strictObject({ protection: z.literal('plain'), value: z.string().min(1) }),
]);

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  lastServerUrl: z.url({ protocol: /^https?$/ }).nullable(),
  device: z
    .strictObject({
      serverUrl: z.url({ protocol: /^https?$/ }),
      deviceId: z.string().min(1).max(100),
      token: tokenSchema,
      config: deviceConfigSchema,
      pairedAt: z.number().int().min(0),
    })
    .nullable(),
});
type StoredFile = z.infer<typeof fileSchema>;
type StoredToken = z.infer<typeof tokenSchema>;

/** Options of {@link ConfigStore}. */
export interface ConfigStoreOptions {
  /** The JSON file, e.g. `<userData>/hall-client.json`. */
  readonly file: string;
  readonly box: SecretBox;
  /** For the name of a corrupt file moved aside (default Date.now). */
  readonly now?: () => number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** The persisted state of the hall client; writes are serialised and atomic. */
export class ConfigStore {
  readonly file: string;
  private readonly box: SecretBox;
  private readonly now: () => number;
  private writing: Promise<unknown> = Promise.resolve();
  private lastServer: string | null = null;

  constructor(options: ConfigStoreOptions) {
    this.file = options.file;
    this.box = options.box;
    this.now = options.now ?? Date.now;
  }

  /** How the token is kept at rest with this store's box. */
  get tokenProtection(): 'encrypted' | 'plain' {
    return this.box.available ? 'encrypted' : 'plain';
  }

  /** Reads the file; never throws for a bad file (it is moved aside, the client is unpaired). */
  async load(): Promise<LoadedState> {
    await this.writing;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return this.empty(null, null);
      return this.setAside(`cannot read the file: ${errorText(error)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return this.setAside(`not JSON: ${errorText(error)}`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join('.') || 'file'}: ${i.message}`,
      );
      return this.setAside(`invalid: ${problems.slice(0, 5).join('; ')}`);
    }
    const stored = parsed.data;
    this.lastServer = stored.lastServerUrl;
    if (stored.device === null) return this.empty(stored.lastServerUrl, null);
    let token: string;
    try {
      token = this.openToken(stored.device.token);
    } catch (error) {
      return this.setAside(`the token cannot be decrypted: ${errorText(error)}`);
    }
    const { serverUrl, deviceId, config, pairedAt } = stored.device;
    return {
      paired: { serverUrl, deviceId, token, config, pairedAt },
      lastServerUrl: stored.lastServerUrl ?? serverUrl,
      problem: null,
      movedTo: null,
    };
  }

  /** Stores a newly paired device (replacing whatever was there). */
  save(state: PairedState): Promise<void> {
    return this.write(() => ({
      format: FORMAT,
      lastServerUrl: state.serverUrl,
      device: {
        serverUrl: state.serverUrl,
        deviceId: state.deviceId,
        token: this.sealToken(state.token),
        config: state.config,
        pairedAt: state.pairedAt,
      },
    }));
  }

  /** Replaces the configuration of the paired device (after the server changed it). */
  async updateConfig(config: DeviceConfig): Promise<void> {
    const loaded = await this.load();
    const paired = loaded.paired;
    if (paired === null) throw new Error('ConfigStore.updateConfig: the device is not paired');
    if (paired.deviceId !== config.deviceId) {
      throw new Error(
        `ConfigStore.updateConfig: config of ${config.deviceId} for device ${paired.deviceId}`,
      );
    }
    await this.save({ ...paired, config });
  }

  /** Forgets the device and its token (revoked, or unpaired by hand); keeps the server address. */
  clear(): Promise<void> {
    return this.write(() => ({ format: FORMAT, lastServerUrl: this.lastServer, device: null }));
  }

  private sealToken(token: string): StoredToken {
    if (!this.box.available) return { protection: 'plain', value: token };
    return { protection: 'encrypted', data: this.box.encrypt(token).toString('base64') };
  }

  private openToken(token: StoredToken): string {
    if (token.protection === 'plain') return token.value;
    if (!this.box.available) throw new Error('no key store is available on this machine now');
    const text = this.box.decrypt(Buffer.from(token.data, 'base64'));
    if (text.length === 0) throw new Error('the decrypted token is empty');
    return text;
  }

  private empty(lastServerUrl: string | null, problem: string | null): LoadedState {
    return { paired: null, lastServerUrl, problem, movedTo: null };
  }

  private async setAside(problem: string): Promise<LoadedState> {
    const movedTo = `${this.file}.corrupt-${this.now()}`;
    try {
      await rename(this.file, movedTo);
      return { paired: null, lastServerUrl: null, problem, movedTo };
    } catch (error) {
      // Cannot even move it: start unpaired anyway; the next save replaces the file.
      return {
        paired: null,
        lastServerUrl: null,
        problem: `${problem} (and it could not be moved aside: ${errorText(error)})`,
        movedTo: null,
      };
    }
  }

  /** Runs writes one after the other; each builds its content when its turn comes. */
  private write(content: () => StoredFile): Promise<void> {
    const run = async (): Promise<void> => {
      const data = fileSchema.parse(content());
      await writeAtomically(this.file, `${JSON.stringify(data, null, 2)}\n`);
      this.lastServer = data.lastServerUrl;
    };
    const next = this.writing.then(run, run);
    this.writing = next.catch(() => undefined);
    return next;
  }
}

/**
 * Writes `text` to `file` so that a crash or power cut at any moment leaves either the old or
 * the new content: a temp file in the same folder, fsync, rename over, fsync of the folder.
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      0o600,
    );
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** fsync of a folder makes the rename durable on Linux; Windows cannot open folders, and
 * NTFS journals the rename itself, so a failure there is ignored. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported on this platform
  } finally {
    await handle?.close();
  }
}
