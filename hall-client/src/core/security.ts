/**
 * Hardening of the shell, in one place (Electron security checklist): the web preferences of
 * every window, where a window may navigate, new windows, permissions and IPC senders. The
 * shell (main.ts) only wires these into Electron's hooks.
 *
 * Origins: the hall server's origin (the role UIs) and the shell's own pages (pairing, exit
 * PIN, offline), which load from `file://` inside the app and are allowed by folder prefix.
 */
import type { DeviceRole } from '@hallq/shared';
import { channelsOf, type ShellPage } from './channels.ts';

/** The web preferences of every window of the shell (Electron's `WebPreferences` subset). */
export interface HardenedWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly spellcheck: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly devTools: boolean;
  readonly autoplayPolicy: 'no-user-gesture-required' | 'user-gesture-required';
  readonly backgroundThrottling: boolean;
  readonly additionalArguments: string[];
}

/**
 * Hardened preferences. Call screens play announcements without a touch first (autoplay) and
 * must not be throttled when another window covers them; dev tools only when asked for.
 */
export function hardenedWebPreferences(options: {
  readonly preload: string;
  readonly page: ShellPage;
  readonly additionalArguments?: readonly string[];
  readonly devTools?: boolean;
}): HardenedWebPreferences {
  const display = options.page === 'display';
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
    autoplayPolicy: display ? 'no-user-gesture-required' : 'user-gesture-required',
    backgroundThrottling: !display,
    additionalArguments: [...(options.additionalArguments ?? [])],
  };
}

/**
 * Whether a URL is one of the allowed places: an entry is either an http(s) origin
 * (`http://192.168.1.10:8080`, matched exactly) or a `file://` folder ending in `/` (matched
 * as a prefix of the normalised URL, so `..` cannot climb out).
 */
export function isAllowedNavigation(url: string, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    return allowed.some((entry) => !entry.startsWith('file:') && originOf(entry) === parsed.origin);
  }
  if (parsed.protocol === 'file:') {
    const href = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    return allowed.some(
      (entry) =>
        entry.startsWith('file:') &&
        entry.endsWith('/') &&
        href.startsWith(normaliseFileEntry(entry)),
    );
  }
  return false;
}

function originOf(entry: string): string | null {
  try {
    return new URL(entry).origin;
  } catch {
    return null;
  }
}

function normaliseFileEntry(entry: string): string {
  try {
    const url = new URL(entry);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '\u0000';
  }
}

/** `setWindowOpenHandler`: no page ever opens a window or an outside browser. */
export function windowOpenPolicy(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * The permissions each page may be granted. None of the UIs needs one today: the display's
 * audio is Web Audio (no permission), printing and keypads go through the shell. Camera and
 * microphone (`media`) are never granted, whatever a list says.
 */
export const ROLE_PERMISSIONS: Readonly<Record<ShellPage, readonly string[]>> = {
  kiosk: [],
  display: [],
  counter: [],
  rating: [],
  pairing: [],
  exit: [],
};

const NEVER = new Set([
  'media',
  'geolocation',
  'openExternal',
  'hid',
  'serial',
  'usb',
  'bluetooth',
]);

/** The permission request and check handlers' answer. */
export function permissionAllowed(
  page: ShellPage,
  permission: string,
  requestingUrl: string,
  allowed: readonly string[],
): boolean {
  if (NEVER.has(permission)) return false;
  if (!isAllowedNavigation(requestingUrl, allowed)) return false;
  return ROLE_PERMISSIONS[page].includes(permission);
}

export type SenderCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Whether an IPC call may be answered: it must come from the window's top frame, from an
 * allowed origin, on a channel of the page's role.
 */
export function checkIpcSender(
  senderUrl: string,
  allowed: readonly string[],
  page: ShellPage | DeviceRole,
  channel: string,
  isMainFrame = true,
): SenderCheck {
  if (!isMainFrame) return { ok: false, reason: `${channel}: not from the top frame` };
  if (!isAllowedNavigation(senderUrl, allowed))
    return { ok: false, reason: `${channel}: sender ${senderUrl} is not an allowed origin` };
  if (!channelsOf(page).some((c) => c === channel))
    return { ok: false, reason: `${channel}: not a channel of the ${page} page` };
  return { ok: true };
}
