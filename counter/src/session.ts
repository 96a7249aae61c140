/** The clerk's session, kept in sessionStorage so a reload stays signed in (per tab). */
export interface CounterSession {
  readonly token: string;
  readonly staffId: string;
  readonly name: string;
  readonly windowId: number;
}

const KEY = 'hallq.counter.session';

export function loadSession(): CounterSession | null {
  try {
    const raw = globalThis.sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<CounterSession>;
    if (
      typeof parsed.token === 'string' &&
      typeof parsed.staffId === 'string' &&
      typeof parsed.name === 'string' &&
      typeof parsed.windowId === 'number'
    ) {
      return {
        token: parsed.token,
        staffId: parsed.staffId,
        name: parsed.name,
        windowId: parsed.windowId,
      };
    }
    return null;
  } catch {
    return null;
  }
}

export function saveSession(session: CounterSession | null): void {
  if (session === null) globalThis.sessionStorage.removeItem(KEY);
  else globalThis.sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** mm:ss (or h:mm:ss) of a duration in ms. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
