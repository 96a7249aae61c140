/**
 * The console's one live connection to the hall: a HallClient over the rooms the signed-in
 * person may see (admins and managers: `hall` + `admin`; a zone lead: their zones and
 * `admin:zone:<id>`). Every page reads the configuration, the view, the queues and the
 * connection state from here, and may subscribe to the events as they arrive (alarms, work
 * orders, staff changes come only this way).
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  HallClient,
  type ConnectionState,
  type ViewChange,
} from '../../shared/src/client/hall-client.ts';
import type { ServiceQueueStats } from '../../shared/src/domain/eta.ts';
import type { HallConfig } from '../../shared/src/domain/model.ts';
import type { HallView } from '../../shared/src/protocol/view.ts';
import type { AdminSession } from './api.ts';

export type ViewListener = (view: HallView, change: ViewChange) => void;

export interface AdminLive {
  readonly config: HallConfig | null;
  readonly view: HallView | null;
  readonly queues: readonly ServiceQueueStats[];
  readonly connection: ConnectionState;
  /** Calls `listener` on every view change (live, resync or snapshot); returns the unsubscribe. */
  readonly subscribe: (listener: ViewListener) => () => void;
}

const LiveContext = createContext<AdminLive | null>(null);

/** The rooms the session may join. */
export function adminRooms(session: AdminSession): string[] {
  if (session.role === 'zone_lead') {
    return [
      ...session.zoneIds.map((z) => `zone:${z}`),
      ...session.zoneIds.map((z) => `admin:zone:${z}`),
    ];
  }
  return ['hall', 'admin'];
}

export function AdminLiveProvider(props: {
  readonly session: AdminSession;
  readonly onExpired: () => void;
  readonly children: ReactNode;
}): ReactNode {
  const { session, onExpired } = props;
  const [config, setConfig] = useState<HallConfig | null>(null);
  const [view, setView] = useState<HallView | null>(null);
  const [queues, setQueues] = useState<readonly ServiceQueueStats[]>([]);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const listeners = useRef(new Set<ViewListener>());
  const expired = useRef(onExpired);
  useEffect(() => {
    expired.current = onExpired;
  }, [onExpired]);

  useEffect(() => {
    const rooms = adminRooms(session);
    if (rooms.length === 0) return undefined;
    const client = new HallClient({
      token: session.token,
      rooms,
      onConfig: setConfig,
      onQueues: setQueues,
      onState: setConnection,
      onUnauthenticated: () => {
        expired.current();
      },
      onView: (next, change) => {
        setView(next);
        for (const listener of listeners.current) listener(next, change);
      },
    });
    return () => {
      client.close();
    };
  }, [session]);

  const value: AdminLive = {
    config,
    view,
    queues,
    connection,
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => {
        listeners.current.delete(listener);
      };
    },
  };
  return <LiveContext.Provider value={value}>{props.children}</LiveContext.Provider>;
}

/** The live hall of the console (inside AdminLiveProvider). */
export function useAdminLive(): AdminLive {
  const live = useContext(LiveContext);
  if (live === null) throw new Error('useAdminLive outside AdminLiveProvider');
  return live;
}
