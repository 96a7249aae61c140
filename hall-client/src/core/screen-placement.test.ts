import { describe, expect, it } from 'vitest';
import {
  WINDOWED_SIZE,
  orderDisplays,
  placeWindow,
  placementChanged,
  type DisplayInfo,
} from './screen-placement.ts';

const display = (
  id: number,
  x: number,
  y: number,
  width = 1920,
  height = 1080,
  touch: DisplayInfo['touchSupport'] = 'unavailable',
): DisplayInfo => ({
  id,
  bounds: { x, y, width, height },
  workArea: { x, y, width, height: height - 40 },
  touchSupport: touch,
});

// The OS lists the right-hand monitor first; the primary is in the middle.
const left = display(30, -1920, 0);
const middle = display(10, 0, 0, 1920, 1080, 'available');
const right = display(20, 1920, 0, 1080, 1920);
const displays = [right, left, middle];

describe('screen placement', () => {
  it('orders monitors: primary first, then left to right', () => {
    expect(orderDisplays(displays, 10).map((d) => d.id)).toEqual([10, 30, 20]);
  });

  it('puts a full-screen window on the monitor of the binding’s index', () => {
    expect(placeWindow(displays, 10, { index: 2 }, true)).toEqual({
      displayId: 20,
      bounds: right.bounds,
      fullscreen: true,
      touch: false,
      warning: null,
    });
    expect(placeWindow(displays, 10, { index: 0 }, true)).toMatchObject({
      displayId: 10,
      touch: true,
    });
  });

  it('finds a monitor by its OS display id', () => {
    expect(placeWindow(displays, 10, { displayId: 30 }, true)).toMatchObject({
      displayId: 30,
      bounds: left.bounds,
      warning: null,
    });
  });

  it('centres a windowed counter in the work area, clipped to small monitors', () => {
    expect(placeWindow(displays, 10, { index: 1 }, false)?.bounds).toEqual({
      x: -1920 + (1920 - WINDOWED_SIZE.width) / 2,
      y: (1040 - WINDOWED_SIZE.height) / 2,
      width: WINDOWED_SIZE.width,
      height: WINDOWED_SIZE.height,
    });
    const small = display(1, 0, 0, 1024, 768);
    expect(placeWindow([small], 1, { index: 0 }, false)?.bounds).toEqual({
      x: 0,
      y: 0,
      width: 1024,
      height: 728,
    });
  });

  it('a missing monitor falls back to the primary, with a warning in both languages', () => {
    const byIndex = placeWindow(displays, 10, { index: 5 }, true);
    expect(byIndex).toMatchObject({ displayId: 10, bounds: middle.bounds });
    expect(byIndex?.warning?.zh).toContain('序号 5');
    expect(byIndex?.warning?.en).toContain('index 5');
    const byId = placeWindow(displays, 10, { displayId: 99 }, true);
    expect(byId).toMatchObject({ displayId: 10 });
    expect(byId?.warning?.en).toContain('id 99');
  });

  it('no display at all: null (the shell waits for one)', () => {
    expect(placeWindow([], 0, { index: 0 }, true)).toBeNull();
  });

  it('re-places when a monitor is added or removed', () => {
    const before = placeWindow([middle], 10, { index: 1 }, true);
    expect(before?.warning).not.toBeNull();
    const added = placeWindow([middle, right], 10, { index: 1 }, true);
    expect(added).toMatchObject({ displayId: 20, warning: null });
    expect(placementChanged(before, added)).toBe(true);
    const removed = placeWindow([middle], 10, { index: 1 }, true);
    expect(placementChanged(added, removed)).toBe(true);
    expect(placementChanged(removed, placeWindow([middle], 10, { index: 1 }, true))).toBe(false);
    expect(placementChanged(null, removed)).toBe(true);
    expect(placementChanged(null, null)).toBe(false);
  });
});
