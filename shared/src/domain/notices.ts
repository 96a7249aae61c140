/**
 * Which screen notices (config.notices, brief §5.5) a screen shows today. Pure, so the call
 * screens, the kiosk and the console's preview agree: a notice shows from its `startsOn` to
 * its `endsOn` business day (inclusive, the hall's time zone, either end open when null) on
 * the screens of its zones (every screen when it names none); the kiosk shows the ones
 * marked `kiosk` wherever it stands.
 */
import type { Notice } from './admin.ts';
import type { HallConfig } from './model.ts';

export type NoticeScope =
  | { readonly kind: 'hall' }
  | { readonly kind: 'zone'; readonly zoneId: string }
  | { readonly kind: 'window'; readonly windowId: number }
  | { readonly kind: 'kiosk' };

/** Whether a notice is within its dates on a business day (`YYYY-MM-DD` compares as text). */
export function noticeShowsOn(notice: Notice, businessDay: string): boolean {
  return (
    (notice.startsOn === null || notice.startsOn <= businessDay) &&
    (notice.endsOn === null || businessDay <= notice.endsOn)
  );
}

/**
 * The notices a screen shows on a business day, in configuration order. A hall screen shows
 * them all; a zone screen its zone's and the all-zone ones; a window screen those of its
 * window's zone; the kiosk the `kiosk` ones.
 */
export function noticesFor(
  config: HallConfig,
  scope: NoticeScope,
  businessDay: string,
): readonly Notice[] {
  const zoneOf = (): string | null => {
    if (scope.kind === 'zone') return scope.zoneId;
    if (scope.kind === 'window') {
      return config.windows.find((w) => w.id === scope.windowId)?.zoneId ?? null;
    }
    return null;
  };
  const zone = zoneOf();
  return (config.notices ?? []).filter((notice) => {
    if (!noticeShowsOn(notice, businessDay)) return false;
    switch (scope.kind) {
      case 'hall':
        return true;
      case 'kiosk':
        return notice.kiosk;
      case 'zone':
      case 'window':
        return notice.zoneIds.length === 0 || (zone !== null && notice.zoneIds.includes(zone));
    }
  });
}
