/** Which screen this page is: `?screen=hall`, `zone:A` or `window:5`. */
export type Screen =
  | { readonly kind: 'hall' }
  | { readonly kind: 'zone'; readonly zoneId: string }
  | { readonly kind: 'window'; readonly windowId: number };

/** Parses the `screen` parameter (default `hall`); null when it is not understood. */
export function parseScreen(param: string | null): Screen | null {
  const value = (param ?? 'hall').trim();
  if (value === 'hall') return { kind: 'hall' };
  const zone = /^zone:([A-Za-z]{1,4})$/.exec(value);
  if (zone?.[1] !== undefined) return { kind: 'zone', zoneId: zone[1].toUpperCase() };
  const win = /^window:(\d{1,4})$/.exec(value);
  if (win?.[1] !== undefined) return { kind: 'window', windowId: Number(win[1]) };
  return null;
}

/** The Socket.IO rooms a screen joins. */
export function roomsOf(screen: Screen): readonly string[] {
  switch (screen.kind) {
    case 'hall':
      return ['hall'];
    case 'zone':
      return [`zone:${screen.zoneId}`];
    case 'window':
      return [`window:${screen.windowId}`];
  }
}
