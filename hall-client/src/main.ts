/**
 * The hall client's Electron main process: a thin shell that wires the core modules
 * (hall-client/src/core, plain TypeScript tested under Node) into Electron.
 *
 *   start → single-instance lock → load the stored state (config-store)
 *     unpaired → the pairing page (pages/pair.html, `window.hallqPairing`)
 *     paired   → the role's window on its monitor (screen-placement), hardened (security),
 *                locked down per role (lockdown), loading the role's UI from the hall server
 *                (role-page); the connection (connection) re-reads the configuration and
 *                notices a revoke → back to the pairing page
 *   kiosk   → prints through the printer bridge (printer-bridge)
 *   counter → a serial/HID keypad through the keypad bridge (keypad-bridge)
 *
 * Every IPC call is checked (sender frame, origin, the page's channels) before its handler
 * (ipc) runs. Nothing here is covered by tests beyond type-checking against electron.d.ts:
 * the Electron binary cannot run on the build machines (README "Hall client").
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  ipcMain,
  powerSaveBlocker,
  safeStorage,
  screen,
  session,
  type BrowserWindowConstructorOptions,
  type Display,
  type IpcMainInvokeEvent,
  type Rectangle,
  type WebContents,
  type WebPreferences,
} from 'electron';
import type { DeviceConfig } from '@hallq/shared';
import type { PairingResult, ShellPrintResult } from '../../shared/src/client/shell-bridge.ts';
import { applyLinuxAutostart, autostartDir } from './core/autostart.ts';
import { ConfigStore, type PairedState, type SecretBox } from './core/config-store.ts';
import { Connection, REAL_TIMERS, type ConnectionState } from './core/connection.ts';
import { bilingualLine } from './core/device-config.ts';
import {
  CHANNELS,
  EVENTS,
  exitResult,
  makeIpcHandlers,
  shellArgs,
  type Channel,
  type IpcDeps,
  type ShellPage,
} from './core/ipc.ts';
import { createKeypadBridge, type KeypadBridge } from './core/keypad-bridge.ts';
import {
  GESTURE_START,
  PinGuard,
  exitGestureStep,
  isExitChord,
  lockdownPolicy,
  pinHashOf,
  type GestureState,
  type LockdownPolicy,
} from './core/lockdown.ts';
import { pair } from './core/pairing.ts';
import { createPrinterBridge, type PrinterBridge } from './core/printer-bridge.ts';
import { offlinePageUrl, roleUrl } from './core/role-page.ts';
import { placeWindow, placementChanged, type Placement } from './core/screen-placement.ts';
import {
  checkIpcSender,
  hardenedWebPreferences,
  isAllowedNavigation,
  permissionAllowed,
  windowOpenPolicy,
} from './core/security.ts';

/** The app folder (hall-client/dist, app.asar when packed): main.cjs, preload.cjs, pages/. */
const APP_DIR = import.meta.dirname;
const PRELOAD = path.join(APP_DIR, 'preload.cjs');
const PAGES_DIR = path.join(APP_DIR, 'pages');
/** The shell's own pages as an allowlist entry (a file:// folder ending in /). */
const PAGES_URL = pathToFileURL(`${PAGES_DIR}${path.sep}`).href;
/** Open dev tools in every window: `HALLQ_DEVTOOLS=1` (never on a hall device). */
const DEVTOOLS = process.env.HALLQ_DEVTOOLS === '1';
/** How long the pairing page shows its success before the role's UI replaces it. */
const PAIRED_PAUSE_MS = 1500;
/** Wait before reloading a page whose renderer crashed. */
const CRASH_RELOAD_MS = 2000;

function log(level: 'info' | 'warn' | 'error', message: string, extra?: unknown): void {
  const line = `${new Date().toISOString()} hall-client ${level}: ${message}`;
  if (level === 'info') console.log(line, extra ?? '');
  else console.error(line, extra ?? '');
}

// ------------------------------------------------------------------------ state

interface WindowInfo {
  readonly page: ShellPage;
  /** Where the window may navigate (the server's UI and the shell's pages, e.g. offline). */
  readonly allowed: readonly string[];
  /** Whose IPC calls are answered: a role's channels only from the server's UI. */
  readonly ipcFrom: readonly string[];
}

/** Which page each web contents shows and where it may go. */
const windows = new Map<number, WindowInfo>();

let store: ConfigStore;
let paired: PairedState | null = null;
let lastServerUrl: string | null = null;
let mainWindow: BrowserWindow | null = null;
let exitWindow: BrowserWindow | null = null;
let policy: LockdownPolicy | null = null;
let placement: Placement | null = null;
let connection: Connection | null = null;
let keypad: KeypadBridge | null = null;
let printer: PrinterBridge | null = null;
let keepAwake: number | null = null;
let gesture: GestureState = GESTURE_START;
let offlineSince: number | null = null;
let quitting = false;

const pinGuard = new PinGuard({
  pinHash: () => (paired === null ? null : pinHashOf(paired.config)),
  now: Date.now,
});

// ------------------------------------------------------------------------ helpers

/** Electron's safeStorage as the config store's box; Linux's "basic_text" counts as none. */
function safeStorageBox(): SecretBox {
  return {
    get available(): boolean {
      if (!safeStorage.isEncryptionAvailable()) return false;
      return (
        process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'
      );
    },
    encrypt: (text) => safeStorage.encryptString(text),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}

function originOf(url: string): string {
  return new URL(url).origin;
}

function infoOf(contents: WebContents): WindowInfo | undefined {
  return windows.get(contents.id);
}

function quit(): void {
  quitting = true;
  app.quit();
}

// ------------------------------------------------------------------------ hardening

/** Every web contents: no navigation away, no new windows, no webviews. */
function harden(contents: WebContents): void {
  const allowedHere = (): readonly string[] => infoOf(contents)?.allowed ?? [];
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, allowedHere())) {
      log('warn', `navigation blocked: ${event.url}`);
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, allowedHere())) {
      log('warn', `redirect blocked: ${event.url}`);
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler((details) => windowOpenPolicy(details.url));
}

function setPermissionHandlers(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const info = infoOf(contents);
    const granted =
      info !== undefined &&
      permissionAllowed(info.page, permission, details.requestingUrl, info.allowed);
    if (!granted) log('info', `permission ${permission} denied for ${details.requestingUrl}`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((contents, permission, requestingOrigin) => {
    const info = contents === null ? undefined : infoOf(contents);
    return (
      info !== undefined && permissionAllowed(info.page, permission, requestingOrigin, info.allowed)
    );
  });
  ses.setDevicePermissionHandler(() => false);
}

// ------------------------------------------------------------------------ IPC

const ipcDeps: IpcDeps = {
  deviceToken() {
    if (paired === null) throw new Error('not paired');
    return paired.token;
  },
  deviceConfig() {
    if (paired === null) throw new Error('not paired');
    return paired.config;
  },
  tap(tap) {
    if (policy?.locked !== true) return;
    const step = exitGestureStep(gesture, { ...tap, at: Date.now() });
    gesture = step.state;
    if (step.triggered) openExitPrompt();
  },
  printTicket(request): Promise<ShellPrintResult> {
    if (printer === null) {
      return Promise.resolve({
        printed: false,
        reason: 'no_printer',
        message: '本机不是取号机 / This device is not a kiosk',
      });
    }
    return printer.printTicket(request);
  },
  submitPairing: submitPairing,
  async submitExitPin(pin) {
    const result = exitResult(await pinGuard.check(pin));
    if (result.ok) {
      log('info', 'exit PIN accepted: quitting');
      setTimeout(quit, 300);
    } else {
      log('warn', `exit PIN refused: ${result.reason}`);
    }
    return result;
  },
  cancelExit() {
    exitWindow?.close();
  },
};

const CHANNEL_LIST: readonly Channel[] = Object.values(CHANNELS);

function registerIpc(): void {
  for (const channel of CHANNEL_LIST) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const info = infoOf(event.sender);
      const frame = event.senderFrame;
      if (info === undefined || frame === null) {
        throw new Error(`${channel}: refused (unknown sender)`);
      }
      const check = checkIpcSender(
        frame.url,
        info.ipcFrom,
        info.page,
        channel,
        frame === event.sender.mainFrame,
      );
      if (!check.ok) {
        log('warn', `IPC refused: ${check.reason}`);
        throw new Error(`${channel}: refused`);
      }
      const handler = makeIpcHandlers(info.page, ipcDeps).get(channel);
      if (handler === undefined) throw new Error(`${channel}: refused`);
      return handler(payload);
    });
  }
}

// ------------------------------------------------------------------------ windows

function createWindow(
  page: ShellPage,
  allowed: readonly string[],
  ipcFrom: readonly string[],
  options: BrowserWindowConstructorOptions,
  pairingReason: 'first_start' | 'revoked' = 'first_start',
): BrowserWindow {
  const webPreferences = hardenedWebPreferences({
    preload: PRELOAD,
    page,
    devTools: DEVTOOLS,
    additionalArguments: shellArgs({
      page,
      serverUrl: paired?.serverUrl ?? '',
      appVersion: app.getVersion(),
      lastServerUrl,
      pairingReason,
    }),
  }) satisfies WebPreferences;
  const window = new BrowserWindow({
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6f9',
    title: 'HallQ 大厅排队叫号',
    ...options,
    webPreferences,
  });
  window.setMenu(null);
  const id = window.webContents.id;
  windows.set(id, { page, allowed, ipcFrom });
  window.on('closed', () => windows.delete(id));
  window.once('ready-to-show', () => window.show());
  if (DEVTOOLS) window.webContents.openDevTools({ mode: 'detach' });
  return window;
}

/** Closes the main window without the lockdown's close guard. */
function closeMainWindow(): void {
  const window = mainWindow;
  mainWindow = null;
  exitWindow?.destroy();
  exitWindow = null;
  window?.destroy();
}

function primaryWorkArea(): Rectangle {
  return screen.getPrimaryDisplay().workArea;
}

// ------------------------------------------------------------------------ pairing

function showPairing(reason: 'first_start' | 'revoked'): void {
  stopRole();
  closeMainWindow();
  const area = primaryWorkArea();
  const width = Math.min(1100, area.width);
  const height = Math.min(820, area.height);
  log('info', `showing the pairing page (${reason})`);
  mainWindow = createWindow(
    'pairing',
    [PAGES_URL],
    [PAGES_URL],
    {
      x: area.x + Math.floor((area.width - width) / 2),
      y: area.y + Math.floor((area.height - height) / 2),
      width,
      height,
    },
    reason,
  );
  void mainWindow.loadFile(path.join(PAGES_DIR, 'pair.html'));
}

async function submitPairing(request: { serverUrl: string; code: string }): Promise<PairingResult> {
  const result = await pair({
    serverUrl: request.serverUrl,
    code: request.code,
    client: {
      hostname: os.hostname(),
      platform: `${process.platform}-${process.arch}`,
      version: app.getVersion(),
    },
  });
  if (!result.ok) {
    log('warn', `pairing failed: ${result.reason} ${result.detail ?? ''}`);
    return { ok: false, reason: result.reason, message: result.message, detail: result.detail };
  }
  const state: PairedState = {
    serverUrl: result.serverUrl,
    deviceId: result.config.deviceId,
    token: result.token,
    config: result.config,
    pairedAt: Date.now(),
  };
  try {
    await store.save(state);
  } catch (error) {
    log('error', 'cannot store the pairing', error);
    return {
      ok: false,
      reason: 'server_error',
      message: {
        zh: '配对成功，但无法保存到本机磁盘。请检查磁盘空间和权限，然后请管理员生成新的配对码重试。',
        en: 'Paired, but this PC could not save it. Check the disk space and permissions, then ask the admin for a new code and try again.',
      },
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  lastServerUrl = state.serverUrl;
  log('info', `paired as ${state.config.role} ${state.deviceId} with ${state.serverUrl}`);
  setTimeout(() => {
    openRole(state);
  }, PAIRED_PAUSE_MS);
  return {
    ok: true,
    role: state.config.role,
    deviceName: state.config.name,
    hallName: state.config.hallName,
    windowId: state.config.windowId,
  };
}

// ------------------------------------------------------------------------ role window

function displays(): { list: Display[]; primaryId: number } {
  return { list: screen.getAllDisplays(), primaryId: screen.getPrimaryDisplay().id };
}

function monitorOf(config: DeviceConfig): { index: number } | { displayId: number } {
  return config.role === 'kiosk' ? { index: 0 } : config.binding.monitor;
}

function computePlacement(config: DeviceConfig, rolePolicy: LockdownPolicy): Placement | null {
  const { list, primaryId } = displays();
  const next = placeWindow(list, primaryId, monitorOf(config), rolePolicy.fullscreen);
  if (next?.warning) log('warn', bilingualLine(next.warning));
  return next;
}

function applyPlacement(window: BrowserWindow, next: Placement, rolePolicy: LockdownPolicy): void {
  if (window.isKiosk()) window.setKiosk(false);
  if (window.isFullScreen()) window.setFullScreen(false);
  window.setBounds(next.bounds);
  if (rolePolicy.kioskMode) window.setKiosk(true);
  else if (next.fullscreen) window.setFullScreen(true);
  window.setAlwaysOnTop(rolePolicy.alwaysOnTop, 'screen-saver');
}

function openRole(state: PairedState): void {
  stopRole();
  closeMainWindow();
  paired = state;
  lastServerUrl = state.serverUrl;
  const rolePolicy = lockdownPolicy(state.config);
  policy = rolePolicy;
  const next = computePlacement(state.config, rolePolicy);
  placement = next;
  const bounds = next?.bounds ?? primaryWorkArea();
  const server = originOf(state.serverUrl);
  const window = createWindow(state.config.role, [server, PAGES_URL], [server], {
    ...bounds,
    fullscreen: next?.fullscreen ?? rolePolicy.fullscreen,
    kiosk: rolePolicy.kioskMode,
    alwaysOnTop: rolePolicy.alwaysOnTop,
    frame: !rolePolicy.fullscreen,
    closable: !rolePolicy.locked,
    minimizable: !rolePolicy.locked,
  });
  mainWindow = window;
  lockDown(window, rolePolicy);
  watchRenderer(window, rolePolicy);
  startDevices(state.config);
  loadRolePage();
  connection = new Connection({
    serverUrl: state.serverUrl,
    token: state.token,
    configVersion: state.config.version,
    now: Date.now,
    timers: REAL_TIMERS,
    random: Math.random,
    onState: onConnectionState,
    onConfig: (config) => void onNewConfig(config),
  });
  void connection.start();
}

function loadRolePage(): void {
  if (mainWindow === null || paired === null) return;
  void mainWindow.loadURL(roleUrl(paired.serverUrl, paired.config)).catch(() => undefined);
}

function showOffline(reason: string): void {
  if (mainWindow === null || paired === null) return;
  offlineSince ??= Date.now();
  const url = offlinePageUrl(PAGES_URL, {
    role: paired.config.role,
    serverUrl: paired.serverUrl,
    since: offlineSince,
    reason,
  });
  void mainWindow.loadURL(url).catch(() => undefined);
}

function showingOfflinePage(): boolean {
  const url = mainWindow?.webContents.getURL() ?? '';
  return url.startsWith(PAGES_URL);
}

function lockDown(window: BrowserWindow, rolePolicy: LockdownPolicy): void {
  if (rolePolicy.keepAwake && keepAwake === null) {
    keepAwake = powerSaveBlocker.start('prevent-display-sleep');
  }
  setAutostart(rolePolicy.autostart);
  window.on('close', (event) => {
    if (rolePolicy.locked && !quitting) event.preventDefault();
  });
  window.webContents.on('before-input-event', (event, input) => {
    if (isExitChord(input)) {
      event.preventDefault();
      if (rolePolicy.locked) openExitPrompt();
      return;
    }
    if (!rolePolicy.locked || input.type !== 'keyDown') return;
    // Reload, close, full-screen toggle and dev tools keys do nothing on a locked device.
    const key = input.key.toUpperCase();
    const blocked =
      key === 'F5' ||
      key === 'F11' ||
      key === 'F12' ||
      (input.alt && key === 'F4') ||
      ((input.control || input.meta) && ['R', 'W', 'Q', 'N', 'T', 'P'].includes(key)) ||
      ((input.control || input.meta) && input.shift && key === 'I');
    if (blocked) event.preventDefault();
  });
  window.webContents.on('did-finish-load', () => {
    if (rolePolicy.hideCursorOnTouch && placement?.touch === true) {
      void window.webContents
        .insertCSS('*, *::before, *::after { cursor: none !important; }')
        .catch(() => undefined);
    }
  });
}

/** Start at login: Electron's login items on Windows, an XDG autostart entry on Linux. */
function setAutostart(enabled: boolean): void {
  // Only a packed app registers itself: a development run must not start at every login.
  if (!app.isPackaged) return;
  if (process.platform === 'linux') {
    // An AppImage runs from a temporary mount: start the AppImage file itself.
    const exec = process.env.APPIMAGE ?? process.execPath;
    void applyLinuxAutostart(autostartDir(process.env, os.homedir()), enabled, exec).catch(
      (error: unknown) => log('warn', 'cannot write the autostart entry', error),
    );
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled });
}

function watchRenderer(window: BrowserWindow, rolePolicy: LockdownPolicy): void {
  const contents = window.webContents;
  contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (!isMainFrame || code === -3 /* ABORTED: a newer navigation */) return;
    log('warn', `cannot load ${url}: ${description} (${code})`);
    if (!url.startsWith(PAGES_URL)) showOffline(`${description} (${code})`);
  });
  contents.on('render-process-gone', (_event, details) => {
    log('error', `renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    if (!rolePolicy.relaunchOnCrash || details.reason === 'clean-exit' || quitting) return;
    setTimeout(() => {
      if (mainWindow === window && !window.isDestroyed()) loadRolePage();
    }, CRASH_RELOAD_MS);
  });
  contents.on('unresponsive', () => {
    log('warn', 'the page stopped responding; reloading');
    if (rolePolicy.relaunchOnCrash) contents.forcefullyCrashRenderer();
  });
}

function startDevices(config: DeviceConfig): void {
  if (config.role === 'kiosk') {
    printer = createPrinterBridge({
      serverUrl: () => paired?.serverUrl ?? '',
      token: () => paired?.token ?? '',
      binding: () => (paired?.config.role === 'kiosk' ? paired.config.binding : null),
    });
  }
  if (config.role === 'counter') {
    const bridge = createKeypadBridge(config.binding.keypad, {
      onAction: (action) => mainWindow?.webContents.send(EVENTS.keypad, action),
      onProblem: (text) => log('warn', text),
    });
    keypad = bridge;
    void bridge.start().then((started) => {
      if (!started.ok) log('error', `${bilingualLine(started.message)} (${started.detail})`);
    });
  }
}

function stopRole(): void {
  connection?.stop();
  connection = null;
  void keypad?.stop();
  keypad = null;
  printer = null;
  policy = null;
  placement = null;
  offlineSince = null;
  gesture = GESTURE_START;
  if (keepAwake !== null) powerSaveBlocker.stop(keepAwake);
  keepAwake = null;
}

function onConnectionState(state: ConnectionState): void {
  switch (state.kind) {
    case 'online':
      log('info', 'server reachable');
      offlineSince = null;
      if (showingOfflinePage()) loadRolePage();
      return;
    case 'offline':
      if (state.attempt === 1) log('warn', `server not reachable: ${state.reason}`);
      return;
    case 'revoked':
      log('warn', 'the server revoked this device: back to pairing');
      paired = null;
      void store
        .clear()
        .catch((error: unknown) => log('error', 'cannot clear the stored token', error))
        .finally(() => showPairing('revoked'));
      return;
    case 'starting':
    case 'stopped':
      return;
  }
}

/** The admin changed the device: keep it, tell the page, re-apply what changed. */
async function onNewConfig(config: DeviceConfig): Promise<void> {
  const before = paired;
  if (before === null || config.deviceId !== before.deviceId) return;
  log('info', `configuration version ${config.version}`);
  try {
    await store.updateConfig(config);
  } catch (error) {
    log('error', 'cannot store the new configuration', error);
  }
  if (paired !== before) return; // revoked or re-paired meanwhile
  paired = { ...before, config };
  mainWindow?.webContents.send(EVENTS.config, config);
  const roleChanged = config.role !== before.config.role;
  const urlChanged = roleUrl(before.serverUrl, config) !== roleUrl(before.serverUrl, before.config);
  const lockChanged =
    JSON.stringify(lockdownPolicy(config)) !== JSON.stringify(lockdownPolicy(before.config));
  const keypadChanged =
    config.role === 'counter' &&
    (before.config.role !== 'counter' ||
      JSON.stringify(config.binding.keypad) !== JSON.stringify(before.config.binding.keypad));
  if (roleChanged || lockChanged) {
    openRole(paired);
    return;
  }
  if (keypadChanged) {
    void keypad?.stop();
    keypad = null;
    startDevices(config);
  }
  if (urlChanged) loadRolePage();
  replace();
}

/** Monitors came or went, or the binding's monitor changed: move the window if needed. */
function replace(): void {
  if (mainWindow === null || paired === null || policy === null) return;
  const next = computePlacement(paired.config, policy);
  if (next === null || !placementChanged(placement, next)) return;
  placement = next;
  applyPlacement(mainWindow, next, policy);
}

// ------------------------------------------------------------------------ exit prompt

function openExitPrompt(): void {
  if (mainWindow === null || exitWindow !== null) return;
  const file = path.join(PAGES_DIR, 'exit.html');
  if (!existsSync(file)) {
    log('error', `the exit prompt page is missing (${file})`);
    return;
  }
  const parent = mainWindow;
  const window = createWindow('exit', [PAGES_URL], [PAGES_URL], {
    parent,
    modal: true,
    width: 520,
    height: 560,
    resizable: false,
    minimizable: false,
    maximizable: false,
    alwaysOnTop: true,
  });
  exitWindow = window;
  window.on('closed', () => {
    if (exitWindow === window) exitWindow = null;
  });
  void window.loadFile(file);
}

// ------------------------------------------------------------------------ start

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  setPermissionHandlers();
  registerIpc();
  store = new ConfigStore({
    file: path.join(app.getPath('userData'), 'hall-client.json'),
    box: safeStorageBox(),
  });
  if (store.tokenProtection === 'plain') {
    log(
      'warn',
      'no OS key store (Windows DPAPI / Linux keyring): the device token is kept in clear in a file only this user can read',
    );
  }
  screen.on('display-added', () => replace());
  screen.on('display-removed', () => replace());
  screen.on('display-metrics-changed', () => replace());
  const loaded = await store.load();
  if (loaded.problem !== null) {
    log('warn', `stored state not used: ${loaded.problem} (moved to ${loaded.movedTo ?? '—'})`);
  }
  lastServerUrl = loaded.lastServerUrl;
  if (loaded.paired === null) showPairing('first_start');
  else openRole(loaded.paired);
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  process.on('uncaughtException', (error) => {
    log('error', 'uncaught exception: relaunching', error);
    app.relaunch();
    app.exit(1);
  });
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => quit());
  app.on('before-quit', () => {
    quitting = true;
    stopRole();
  });
  app.on('child-process-gone', (_event, details) => {
    log('warn', `child process gone: ${details.type} ${details.reason}`);
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log('error', 'start failed', error);
      app.exit(1);
    });
}

main();
