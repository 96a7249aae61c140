/**
 * The live alarms of the console, shared by the alarms page and the tab badge: fetched once
 * over REST (the server evaluates first), then kept current from the alarm events of the
 * live connection (raised, cleared, acknowledged) — no polling.
 */
import { useEffect, useRef, useState } from 'react';
import { alarmIsLive, type Alarm } from '../../../shared/src/domain/admin.ts';
import { call } from '../api.ts';
import { useAdminLive } from '../live-context.tsx';

export interface LiveAlarms {
  /** Newest first; null until the first answer. */
  readonly alarms: readonly Alarm[] | null;
  /** Alarms nobody acknowledged yet. */
  readonly unacknowledged: number;
  readonly reload: () => void;
}

/** Upserts alarms by id, drops those no longer live, newest first. */
export function mergeAlarms(list: readonly Alarm[], changed: readonly Alarm[]): Alarm[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const alarm of changed) {
    if (alarmIsLive(alarm)) byId.set(alarm.id, alarm);
    else byId.delete(alarm.id);
  }
  return [...byId.values()].sort((a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? 1 : -1));
}

export function useLiveAlarms(token: string, onExpired: () => void): LiveAlarms {
  const live = useAdminLive();
  const [alarms, setAlarms] = useState<readonly Alarm[] | null>(null);
  const [generation, setGeneration] = useState(0);
  const expired = useRef(onExpired);
  useEffect(() => {
    expired.current = onExpired;
  }, [onExpired]);

  useEffect(() => {
    let cancelled = false;
    void call<Alarm[]>('GET', '/api/v1/alarms?live=1&limit=1000', token).then((reply) => {
      if (cancelled) return;
      if (reply.ok) setAlarms(mergeAlarms([], reply.data));
      else if (reply.error.code === 'unauthenticated') expired.current();
    });
    return () => {
      cancelled = true;
    };
  }, [token, generation]);

  const { subscribe } = live;
  useEffect(
    () =>
      subscribe((_view, change) => {
        if (change.kind === 'snapshot') {
          // Events missed while offline are not replayed: ask again.
          setGeneration((g) => g + 1);
          return;
        }
        const changed: Alarm[] = [];
        for (const { event } of change.events) {
          if ('alarm' in event) changed.push(event.alarm);
        }
        if (changed.length > 0) setAlarms((list) => mergeAlarms(list ?? [], changed));
      }),
    [subscribe],
  );

  return {
    alarms,
    unacknowledged: (alarms ?? []).filter((a) => a.acknowledgedAt === null).length,
    reload: () => {
      setGeneration((g) => g + 1);
    },
  };
}
