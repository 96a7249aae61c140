/**
 * What the hall client (the Electron shell, hall-client/) gives the web UIs it loads, as
 * `window.hallq`: one narrow API per device role. The preload builds it from IPC calls and
 * `satisfies` these types; in a plain browser `hallShell()` is undefined and each UI falls
 * back to its browser behaviour (no printer, keyboard keypad, same-origin server).
 */
import type { DeviceRole } from '../domain/actor.ts';
import type { DeviceConfig } from '../protocol/devices.ts';

export type ShellPrintFailure = 'no_printer' | 'paper_out' | 'offline' | 'cover_open' | 'error';

export type ShellPrintResult =
  | { readonly printed: true; readonly paperNearEnd: boolean }
  | { readonly printed: false; readonly reason: ShellPrintFailure; readonly message: string };

interface ShellBase<R extends DeviceRole> {
  readonly role: R;
  /** The hall server's origin, e.g. http://192.168.1.10:8080 (the UIs connect there). */
  readonly serverUrl: string;
  readonly appVersion: string;
  /** The device token for Socket.IO and REST (kept by the shell, encrypted at rest). */
  deviceToken(): Promise<string>;
  /** The device's configuration as last received from the server. */
  deviceConfig(): Promise<DeviceConfig>;
  /** Called when the server changes the configuration; returns the unsubscribe function. */
  onConfig(handler: (config: DeviceConfig) => void): () => void;
}

export interface KioskShell extends ShellBase<'kiosk'> {
  /**
   * Prints an issued ticket on the kiosk's own printer (the binding's printerUrl): the
   * shell reads the ticket from the server, lays it out and sends ESC/POS bytes.
   */
  printTicket(request: {
    readonly ticketId: string;
    readonly lang: 'zh-CN' | 'en';
  }): Promise<ShellPrintResult>;
}

export type DisplayShell = ShellBase<'display'>;

export interface CounterShell extends ShellBase<'counter'> {
  /** A physical keypad's key presses, as counter action names (counter/src/keypad.ts). */
  onKeypad(handler: (action: string) => void): () => void;
}

export type RatingShell = ShellBase<'rating'>;

export type HallShell = KioskShell | DisplayShell | CounterShell | RatingShell;

/** The shell's API when the page runs inside the hall client; undefined in a browser. */
export function hallShell(): HallShell | undefined {
  return (globalThis as { hallq?: HallShell }).hallq;
}

/** The shell's API if the page runs inside the hall client as this role; else undefined. */
export function shellFor<R extends DeviceRole>(
  role: R,
): Extract<HallShell, { role: R }> | undefined {
  const shell = hallShell();
  return shell?.role === role ? (shell as Extract<HallShell, { role: R }>) : undefined;
}

/**
 * Where a UI sends REST calls: the shell's server origin inside the hall client (without a
 * trailing slash), '' (the page's own origin) in a browser. The shell loads the UIs from the
 * server, so both are the same origin in practice; the shell's word is the one that counts.
 */
export function serverBase(shell: HallShell | undefined = hallShell()): string {
  return shell === undefined ? '' : shell.serverUrl.replace(/\/+$/, '');
}

/** How a UI reaches the hall server: inside the hall client, the shell's; else the page's. */
export interface ServerConnection {
  /** The server origin for Socket.IO; undefined = the page's own origin. */
  readonly url: string | undefined;
  /** The origin REST paths are appended to; '' = the page's own origin. */
  readonly base: string;
  /** The device token (shell) or the fallback (e.g. `?token=`); null = none. */
  readonly token: string | null;
}

/** The shell did not give the device token: the page says so instead of running anonymous. */
export class ShellTokenError extends Error {
  override readonly name = 'ShellTokenError';
  constructor(cause: unknown) {
    super(
      `The hall client did not give this page its device token: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * The connection a UI uses. Inside the hall client the shell's server origin and device
 * token win over anything in the URL; in a browser it is the page's origin and
 * `fallbackToken`.
 * @throws ShellTokenError when the shell is present but cannot give the token
 */
export async function serverConnection(
  shell: HallShell | undefined,
  fallbackToken: string | null,
): Promise<ServerConnection> {
  if (shell === undefined) return { url: undefined, base: '', token: fallbackToken };
  let token: unknown;
  try {
    token = await shell.deviceToken();
  } catch (error) {
    throw new ShellTokenError(error);
  }
  if (typeof token !== 'string' || token === '') throw new ShellTokenError('empty token');
  const base = serverBase(shell);
  return { url: base, base, token };
}

/** What a page shows when the shell cannot give it its token (Chinese first). */
export const SHELL_TOKEN_FAILURE_TEXT =
  '无法读取本机的设备凭据，请重新启动本机；如仍不行，请联系管理员重新配对。' +
  ' This device could not read its credentials: restart it, and if that does not help, ask the admin to pair it again.';

/**
 * The first-run pairing page's channel to the shell, `window.hallqPairing` (hall-client/
 * pages/pair). The page checks that both fields are filled in and shows progress and the
 * shell's answer; the shell checks everything again (hall-client/src/core/pairing.ts), calls
 * `POST /api/v1/pair`, keeps the token, and then loads the role's UI in place of the page.
 */
export interface PairingRequest {
  /** As typed, e.g. `192.168.1.10:8080` or `http://hall.local:8080` (the shell normalises it). */
  readonly serverUrl: string;
  /** 8 digits, with or without the dash: `4827-1936`. */
  readonly code: string;
}

/** A sentence for the person at the device, in both languages (Chinese first). */
export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/**
 * Why pairing failed (hall-client/src/core/pairing.ts `PairFailure`); the shell's message
 * says what to do next:
 * - `invalid_address`: not a server address (http/https host and port);
 * - `unreachable`: nothing answered there (network cable, Wi-Fi, address, server running?);
 * - `invalid_code`: no such code (check it, or ask the admin for a new one);
 * - `expired`: the code's time ran out or it was used (ask the admin for a new one);
 * - `too_many_attempts`: the server refuses codes for a while;
 * - `server_error`: the server failed (its log says why);
 * - `bad_reply`: what answered is not a HallQ server, or not a matching version.
 */
export type PairingFailure =
  | 'invalid_address'
  | 'unreachable'
  | 'invalid_code'
  | 'expired'
  | 'too_many_attempts'
  | 'server_error'
  | 'bad_reply';

export type PairingResult =
  | {
      readonly ok: true;
      readonly role: DeviceRole;
      /** The name the admin gave the device, e.g. 1号取号机. */
      readonly deviceName: string;
      readonly hallName: string;
      readonly windowId: number | null;
    }
  | {
      readonly ok: false;
      readonly reason: PairingFailure;
      readonly message: BilingualText;
      /** The technical detail (shown small, for the admin); null when there is none. */
      readonly detail: string | null;
    };

export interface PairingBridge {
  readonly appVersion: string;
  /** Pre-fills the address field: the server this client used last, if any. */
  readonly lastServerUrl: string | null;
  /** Why the page is shown: a new client, or the server revoked this device's token. */
  readonly reason: 'first_start' | 'revoked';
  /** Pairs; on success the shell loads the role's UI a moment later. */
  submit(request: PairingRequest): Promise<PairingResult>;
}

/** The pairing channel when the pairing page runs inside the hall client; else undefined. */
export function pairingBridge(): PairingBridge | undefined {
  return (globalThis as { hallqPairing?: PairingBridge }).hallqPairing;
}

/**
 * The exit PIN prompt's channel to the shell, `window.hallqExit` (hall-client/pages/exit).
 * The shell opens the prompt over a locked kiosk, call screen or rating pad after the admin's
 * exit gesture (five taps in the top-left corner within 3 s, or Ctrl+Alt+Shift+Q); the PIN is
 * checked offline against the device's PIN hash (hall-client/src/core/lockdown.ts).
 */
export type ExitResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** `no_pin`: the admin set no exit PIN for this device, so it cannot be left. */
      readonly reason: 'wrong_pin' | 'locked' | 'no_pin';
      readonly message: BilingualText;
      /** How long the prompt stays locked after too many wrong PINs; null otherwise. */
      readonly retryAfterMs: number | null;
    };

export interface ExitBridge {
  readonly appVersion: string;
  /** Checks the PIN (4–12 digits); on success the shell quits a moment later. */
  submit(request: { readonly pin: string }): Promise<ExitResult>;
  /** Closes the prompt; the device stays locked. */
  cancel(): Promise<void>;
}

/** The exit prompt's channel when the page runs inside the hall client; else undefined. */
export function exitBridge(): ExitBridge | undefined {
  return (globalThis as { hallqExit?: ExitBridge }).hallqExit;
}
