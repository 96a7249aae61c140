/**
 * The preload of every window of the hall client (sandboxed, context-isolated). It exposes
 * one narrow, typed API per page — `window.hallq` for the role UIs (KioskShell, DisplayShell,
 * CounterShell, RatingShell), `window.hallqPairing` for the pairing page, `window.hallqExit`
 * for the exit PIN prompt — built from `ipcRenderer.invoke` on the page's channels. Neither
 * ipcRenderer nor any IPC event object ever reaches the page.
 *
 * The page, server and version come from the window's arguments (core/channels.ts); the main
 * process checks every call's sender again, so a page cannot reach another page's channels.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DeviceConfig } from '../../shared/src/protocol/devices.ts';
import type {
  CounterShell,
  DisplayShell,
  ExitBridge,
  ExitResult,
  KioskShell,
  PairingBridge,
  PairingResult,
  RatingShell,
  ShellPrintResult,
} from '../../shared/src/client/shell-bridge.ts';
import { CHANNELS, EVENTS, parseShellArgs, type Channel, type ShellArgs } from './core/channels.ts';

function invoke<T>(channel: Channel, payload?: unknown): Promise<T> {
  return ipcRenderer.invoke(channel, payload) as Promise<T>;
}

/**
 * Subscribes the page's handler to a main → renderer event (the main process sends the
 * value's type for the event); the event object stays here.
 */
function subscribe(event: string, handler: (value: never) => void): () => void {
  const listener = (_event: IpcRendererEvent, value: unknown): void => {
    handler(value as never);
  };
  ipcRenderer.on(event, listener);
  return () => {
    ipcRenderer.removeListener(event, listener);
  };
}

function roleBase(args: ShellArgs): {
  readonly serverUrl: string;
  readonly appVersion: string;
  deviceToken(): Promise<string>;
  deviceConfig(): Promise<DeviceConfig>;
  onConfig(handler: (config: DeviceConfig) => void): () => void;
} {
  return {
    serverUrl: args.serverUrl,
    appVersion: args.appVersion,
    deviceToken: () => invoke<string>(CHANNELS.deviceToken),
    deviceConfig: () => invoke<DeviceConfig>(CHANNELS.deviceConfig),
    onConfig: (handler) => subscribe(EVENTS.config, handler),
  };
}

/** Every pointer-down goes to the main process, which counts the exit gesture's taps. */
function forwardTaps(): void {
  globalThis.addEventListener(
    'pointerdown',
    (event: PointerEvent) => {
      void invoke(CHANNELS.tap, { x: event.clientX, y: event.clientY }).catch(() => undefined);
    },
    { capture: true, passive: true },
  );
}

function expose(args: ShellArgs): void {
  switch (args.page) {
    case 'kiosk':
      contextBridge.exposeInMainWorld('hallq', {
        role: 'kiosk',
        ...roleBase(args),
        printTicket: (request) =>
          invoke<ShellPrintResult>(CHANNELS.printTicket, {
            ticketId: request.ticketId,
            lang: request.lang,
          }),
      } satisfies KioskShell);
      forwardTaps();
      return;
    case 'display':
      contextBridge.exposeInMainWorld('hallq', {
        role: 'display',
        ...roleBase(args),
      } satisfies DisplayShell);
      forwardTaps();
      return;
    case 'counter':
      contextBridge.exposeInMainWorld('hallq', {
        role: 'counter',
        ...roleBase(args),
        onKeypad: (handler) => subscribe(EVENTS.keypad, handler),
      } satisfies CounterShell);
      return;
    case 'rating':
      contextBridge.exposeInMainWorld('hallq', {
        role: 'rating',
        ...roleBase(args),
      } satisfies RatingShell);
      forwardTaps();
      return;
    case 'pairing':
      contextBridge.exposeInMainWorld('hallqPairing', {
        appVersion: args.appVersion,
        lastServerUrl: args.lastServerUrl,
        reason: args.pairingReason,
        submit: (request) =>
          invoke<PairingResult>(CHANNELS.pairSubmit, {
            serverUrl: request.serverUrl,
            code: request.code,
          }),
      } satisfies PairingBridge);
      return;
    case 'exit':
      contextBridge.exposeInMainWorld('hallqExit', {
        appVersion: args.appVersion,
        submit: (request) => invoke<ExitResult>(CHANNELS.exitSubmit, { pin: request.pin }),
        cancel: () => invoke<null>(CHANNELS.exitCancel).then(() => undefined),
      } satisfies ExitBridge);
      return;
  }
}

const args = parseShellArgs(process.argv);
if (args !== null) expose(args);
