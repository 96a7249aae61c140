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
