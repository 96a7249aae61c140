/**
 * The names the preload and the main process share, and nothing heavier (the preload bundles
 * this file, so it imports nothing but a constant): pages, IPC channels per page, main → renderer
 * events, and the window arguments.
 *
 * The static facts a page needs synchronously (its page, the server, the app version, why the
 * pairing page shows) travel as `additionalArguments` (`--hallq-…=`), which the sandboxed
 * preload reads from `process.argv` ({@link parseShellArgs}).
 */
import { DEVICE_ROLES, type DeviceRole } from '../../../shared/src/domain/actor.ts';

/** What a window of the shell shows: a role's UI or one of the shell's own pages. */
export type ShellPage = DeviceRole | 'pairing' | 'exit';
export const SHELL_PAGES: readonly ShellPage[] = [...DEVICE_ROLES, 'pairing', 'exit'];

/** renderer → main (invoke) channels. */
export const CHANNELS = {
  deviceToken: 'shell:deviceToken',
  deviceConfig: 'shell:deviceConfig',
  /** A pointer-down in a locked page, for the exit gesture. */
  tap: 'lockdown:tap',
  printTicket: 'kiosk:printTicket',
  pairSubmit: 'pair:submit',
  exitSubmit: 'exit:submit',
  exitCancel: 'exit:cancel',
} as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** main → renderer (webContents.send) events. */
export const EVENTS = {
  config: 'shell:config',
  keypad: 'counter:keypad',
} as const;

const ROLE_COMMON: readonly Channel[] = [CHANNELS.deviceToken, CHANNELS.deviceConfig, CHANNELS.tap];

/** The invoke channels each page may use. */
export const PAGE_CHANNELS: Readonly<Record<ShellPage, readonly Channel[]>> = {
  kiosk: [...ROLE_COMMON, CHANNELS.printTicket],
  display: ROLE_COMMON,
  counter: ROLE_COMMON,
  rating: ROLE_COMMON,
  pairing: [CHANNELS.pairSubmit],
  exit: [CHANNELS.exitSubmit, CHANNELS.exitCancel],
};

export function channelsOf(page: ShellPage): readonly Channel[] {
  return PAGE_CHANNELS[page];
}

// ---------------------------------------------------------------- additionalArguments

/** What the preload learns from the command line the main process gave the renderer. */
export interface ShellArgs {
  readonly page: ShellPage;
  readonly serverUrl: string;
  readonly appVersion: string;
  /** Pairing page only: the address used last. */
  readonly lastServerUrl: string | null;
  /** Pairing page only: why it shows. */
  readonly pairingReason: 'first_start' | 'revoked';
}

const PREFIX = '--hallq-';

/** The `additionalArguments` for a window. */
export function shellArgs(args: ShellArgs): string[] {
  return [
    `${PREFIX}page=${args.page}`,
    `${PREFIX}server=${encodeURIComponent(args.serverUrl)}`,
    `${PREFIX}version=${encodeURIComponent(args.appVersion)}`,
    `${PREFIX}last-server=${encodeURIComponent(args.lastServerUrl ?? '')}`,
    `${PREFIX}pairing-reason=${args.pairingReason}`,
  ];
}

/** Reads {@link shellArgs} back from `process.argv`; null when they are missing or wrong. */
export function parseShellArgs(argv: readonly string[]): ShellArgs | null {
  const values: Record<string, string> = {};
  for (const arg of argv) {
    if (!arg.startsWith(PREFIX)) continue;
    const eq = arg.indexOf('=');
    if (eq < 0) continue;
    try {
      values[arg.slice(PREFIX.length, eq)] = decodeURIComponent(arg.slice(eq + 1));
    } catch {
      return null;
    }
  }
  const page = SHELL_PAGES.find((p) => p === values.page);
  const server = values.server;
  const version = values.version;
  const lastServer = values['last-server'];
  const reason = values['pairing-reason'];
  if (page === undefined || server === undefined || version === undefined) return null;
  if (lastServer === undefined || (reason !== 'first_start' && reason !== 'revoked')) return null;
  if (server.length > 300 || version.length > 40 || lastServer.length > 300) return null;
  return {
    page,
    serverUrl: server,
    appVersion: version,
    lastServerUrl: lastServer === '' ? null : lastServer,
    pairingReason: reason,
  };
}
