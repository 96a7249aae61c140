import { useEffect, useRef } from 'react';

/** Calls `onIdle` after `ms` without a touch, a key or typing anywhere on the page. */
export function useIdle(ms: number, onIdle: () => void): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  }, [onIdle]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const restart = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        latest.current();
      }, ms);
    };
    const events = ['pointerdown', 'keydown', 'input', 'wheel'] as const;
    for (const name of events) globalThis.addEventListener(name, restart, { passive: true });
    restart();
    return () => {
      clearTimeout(timer);
      for (const name of events) globalThis.removeEventListener(name, restart);
    };
  }, [ms]);
}
