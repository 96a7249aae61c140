/**
 * Where a role's UI lives on the hall server: the shell loads the UIs from the server (one
 * build, updated with the server), with what the binding says in the query.
 *
 *   kiosk   /kiosk
 *   display /display?screen=zone:A[&audio=floor:1]
 *   counter /counter
 *   rating  /rate?window=5
 */
import type { DeviceConfig } from '@hallq/shared';

/** The URL of a device's UI on its server (the token comes from the shell, never the URL). */
export function roleUrl(serverUrl: string, config: DeviceConfig): string {
  const base = serverUrl.replace(/\/+$/, '');
  switch (config.role) {
    case 'kiosk':
      return `${base}/kiosk`;
    case 'display': {
      const query = new URLSearchParams({ screen: config.binding.screen });
      if (config.binding.audio !== null) query.set('audio', config.binding.audio);
      return `${base}/display?${query.toString()}`;
    }
    case 'counter':
      return `${base}/counter`;
    case 'rating':
      return config.windowId === null
        ? `${base}/rate`
        : `${base}/rate?${new URLSearchParams({ window: String(config.windowId) }).toString()}`;
  }
}

/** The shell's offline page for a role (hall-client/pages/offline.html reads these). */
export function offlinePageUrl(
  pagesUrl: string,
  info: { role: DeviceConfig['role']; serverUrl: string; since: number; reason: string },
): string {
  const query = new URLSearchParams({
    role: info.role,
    server: info.serverUrl,
    since: String(info.since),
    reason: info.reason.slice(0, 300),
  });
  return `${pagesUrl}offline.html?${query.toString()}`;
}
