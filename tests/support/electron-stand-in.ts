/**
 * A recording stand-in for the parts of Electron's main-process API that the hall client's
 * shell (hall-client/src/main.ts) calls. The Electron binary cannot be downloaded on these
 * machines (tech notes "Installing"), so the shell's wiring — which window opens with which
 * preferences, which IPC calls are answered, where navigation is blocked — is tested against
 * this object, with the real core modules and a real hall server behind it. It models no
 * Electron behaviour beyond remembering what it was asked to do.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

export class FakeWebContents extends EventEmitter {
  readonly id: number;
  url = '';
  readonly sent: [string, unknown][] = [];
  readonly css: string[] = [];
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly mainFrame: { readonly url: string };

  constructor(id: number) {
    super();
    this.id = id;
    const url = (): string => this.url;
    this.mainFrame = {
      get url() {
        return url();
      },
    };
  }

  getURL(): string {
    return this.url;
  }
  send(channel: string, value: unknown): void {
    this.sent.push([channel, value]);
  }
  insertCSS(css: string): Promise<string> {
    this.css.push(css);
    return Promise.resolve('');
  }
  openDevTools(): void {
    // dev tools are never opened in tests
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
}

export interface FakeWindowOptions {
  readonly webPreferences: Readonly<Record<string, unknown>> & {
    readonly additionalArguments: readonly string[];
  };
  readonly [key: string]: unknown;
}

export type PermissionRequestHandler = (
  contents: FakeWebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;

export interface ElectronStandIn {
  readonly userData: string;
  /** The permission request handler the shell installed. */
  permissionRequest: PermissionRequestHandler | null;
  readonly handlers: Map<string, Handler>;
  readonly windows: FakeWindow[];
  readonly calls: unknown[][];
  readonly module: Record<string, unknown>;
}

export class FakeWindow extends EventEmitter {
  readonly options: FakeWindowOptions;
  readonly webContents: FakeWebContents;
  destroyed = false;
  bounds: unknown = null;

  constructor(options: FakeWindowOptions, id: number) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents(id);
  }

  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    return this.loadURL(pathToFileURL(file).href);
  }
  setMenu(): void {
    // no menus
  }
  show(): void {
    // shown
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
  /** Like a click on the close button: true when the window let itself be closed. */
  tryClose(): boolean {
    const event = { prevented: false, preventDefault: (): void => undefined };
    event.preventDefault = () => {
      event.prevented = true;
    };
    this.emit('close', event);
    if (!event.prevented) this.destroy();
    return !event.prevented;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isKiosk(): boolean {
    return this.options.kiosk === true;
  }
  setKiosk(): void {
    // recorded through bounds only
  }
  isFullScreen(): boolean {
    return this.options.fullscreen === true;
  }
  setFullScreen(): void {
    // recorded through bounds only
  }
  setBounds(bounds: unknown): void {
    this.bounds = bounds;
  }
  setAlwaysOnTop(): void {
    // always on top
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {
    // restored
  }
  focus(): void {
    // focused
  }
}

/** A fresh stand-in with one 1920×1080 touch monitor and a working key store. */
export function electronStandIn(): ElectronStandIn {
  const userData = mkdtempSync(join(tmpdir(), 'hallq-shell-'));
  const handlers = new Map<string, Handler>();
  const windows: FakeWindow[] = [];
  const calls: unknown[][] = [];
  let nextId = 1;
  const standIn: ElectronStandIn = {
    userData,
    permissionRequest: null,
    handlers,
    windows,
    calls,
    module: {},
  };
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getVersion: () => '0.1.0',
    isPackaged: false,
    quit: () => calls.push(['quit']),
    exit: (code: number) => calls.push(['exit', code]),
    relaunch: () => calls.push(['relaunch']),
    setLoginItemSettings: (settings: unknown) => calls.push(['login', settings]),
  });
  class BrowserWindow extends FakeWindow {
    constructor(options: FakeWindowOptions) {
      super(options, nextId++);
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
  }
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    touchSupport: 'available',
  };
  const module = {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
    Menu: { setApplicationMenu: () => undefined },
    powerSaveBlocker: {
      start: (type: string) => {
        calls.push(['keepAwake', type]);
        return 1;
      },
      stop: () => calls.push(['keepAwake stop']),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
      decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
    },
    screen: Object.assign(new EventEmitter(), {
      getAllDisplays: () => [display],
      getPrimaryDisplay: () => display,
    }),
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
          standIn.permissionRequest = handler;
        },
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
      },
    },
  };
  Object.assign(standIn.module, module);
  return standIn;
}

let shared: ElectronStandIn | null = null;

/** One stand-in per test file: `vi.mock('electron', …)` and the test both use it. */
export function sharedStandIn(): ElectronStandIn {
  shared ??= electronStandIn();
  return shared;
}
