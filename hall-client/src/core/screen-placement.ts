/**
 * Which monitor a role's window opens on, and where. The binding names a monitor by index or
 * by the OS display id (shared/src/protocol/devices.ts `monitor`); the shell passes Electron's
 * display list (`screen.getAllDisplays()`, `screen.getPrimaryDisplay().id`) and applies the
 * result, again on every `display-added` / `display-removed` / `display-metrics-changed`.
 *
 * Index order: 0 is the primary monitor, then the others left to right, top to bottom — stable
 * across reboots, unlike the OS's own list order.
 */
import type { Monitor } from '@hallq/shared';
import type { Bilingual } from './device-config.ts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A monitor as Electron's `Display` describes it (the fields used here). */
export interface DisplayInfo {
  readonly id: number;
  readonly bounds: Rect;
  /** The bounds without task bars and docks. */
  readonly workArea: Rect;
  readonly touchSupport?: 'available' | 'unavailable' | 'unknown';
}

export interface Placement {
  readonly displayId: number;
  /** Where the window goes: the whole monitor when full screen, else centred in its work area. */
  readonly bounds: Rect;
  readonly fullscreen: boolean;
  /** The monitor has a touch screen (for hiding the cursor). */
  readonly touch: boolean;
  /** Set when the configured monitor is missing and the primary one is used instead. */
  readonly warning: Bilingual | null;
}

/** A counter window's size when it is not full screen (clipped to small monitors). */
export const WINDOWED_SIZE = { width: 1280, height: 800 } as const;

/** The displays in index order: primary first, then by position. */
export function orderDisplays(displays: readonly DisplayInfo[], primaryId: number): DisplayInfo[] {
  const others = displays
    .filter((d) => d.id !== primaryId)
    .sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id);
  const primary = displays.find((d) => d.id === primaryId);
  return primary === undefined ? others : [primary, ...others];
}

function centred(area: Rect): Rect {
  const width = Math.min(WINDOWED_SIZE.width, area.width);
  const height = Math.min(WINDOWED_SIZE.height, area.height);
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Places a role's window.
 * @returns null only when the OS reports no display at all (the shell then waits for one)
 */
export function placeWindow(
  displays: readonly DisplayInfo[],
  primaryId: number,
  monitor: Monitor,
  fullscreen: boolean,
): Placement | null {
  const ordered = orderDisplays(displays, primaryId);
  const fallback = ordered[0];
  if (fallback === undefined) return null;
  const wanted =
    'index' in monitor ? ordered[monitor.index] : ordered.find((d) => d.id === monitor.displayId);
  const display = wanted ?? fallback;
  const zhWhich =
    'index' in monitor ? `序号 ${monitor.index}，0 为主显示器` : `ID ${monitor.displayId}`;
  const enWhich =
    'index' in monitor ? `index ${monitor.index}, 0 = primary` : `id ${monitor.displayId}`;
  const warning: Bilingual | null =
    wanted === undefined
      ? {
          zh: `找不到配置的显示器（${zhWhich}；当前接了 ${ordered.length} 台），已改用主显示器。请检查显示器连接，或在“设备管理”中修改。`,
          en: `The configured monitor (${enWhich}) is not connected (${ordered.length} connected); using the primary monitor. Check the cables, or change the monitor under Devices.`,
        }
      : null;
  return {
    displayId: display.id,
    bounds: fullscreen ? display.bounds : centred(display.workArea),
    fullscreen,
    touch: display.touchSupport === 'available',
    warning,
  };
}

/** Whether a new placement moves the window (the shell re-applies only then). */
export function placementChanged(before: Placement | null, after: Placement | null): boolean {
  if (before === null || after === null) return before !== after;
  const a = before.bounds;
  const b = after.bounds;
  return (
    before.displayId !== after.displayId ||
    before.fullscreen !== after.fullscreen ||
    a.x !== b.x ||
    a.y !== b.y ||
    a.width !== b.width ||
    a.height !== b.height
  );
}
