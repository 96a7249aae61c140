/**
 * Keeps the screen's view of the hall in React state and turns live calls into
 * announcements. Only `live` changes announce: after a reconnect (`resync`/`snapshot`) the
 * screen shows the current state without replaying calls it missed (brief §5.2).
 */
import { useEffect, useRef, useState } from 'react';
import {
  HallClient,
  type ConnectionState,
  type ViewChange,
} from '../../shared/src/client/hall-client.ts';
import type { HallConfig } from '../../shared/src/domain/model.ts';
import type { HallView } from '../../shared/src/protocol/view.ts';

/** A call that arrived live: the highlight animates and the screen's voice queues it. */
export interface LiveCall {
  readonly ticketId: string;
  readonly number: string;
  readonly windowId: number;
  readonly serviceId: string;
  readonly recall: boolean;
  readonly at: number;
}

export interface HallScreenState {
  readonly view: HallView | null;
  readonly config: HallConfig | null;
  readonly connection: ConnectionState;
}

/** The calls of a live change that this screen shows (its window scope). */
export function liveCalls(view: HallView, change: ViewChange): LiveCall[] {
  if (change.kind !== 'live') return [];
  const shown = new Set(view.recentCalls.map((c) => c.ticketId));
  const calls: LiveCall[] = [];
  for (const { event } of change.events) {
    if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') continue;
    const { ticket } = event;
    if (!shown.has(ticket.id) || ticket.windowId === null) continue;
    calls.push({
      ticketId: ticket.id,
      number: ticket.number,
      windowId: ticket.windowId,
      serviceId: ticket.serviceId,
      recall: event.type === 'ticket.recalled',
      at: event.at,
    });
  }
  return calls;
}

/** How a screen reaches its server: the hall client's origin and device token, or none. */
export interface ScreenConnection {
  /** undefined = this page's origin. */
  readonly url: string | undefined;
  /** The display device's token (hall client); null = anonymous (a browser screen). */
  readonly token: string | null;
}

/** Connects to the rooms (anonymously in a browser) and calls `onCall` for every live call. */
export function useHall(
  rooms: readonly string[],
  onCall: (call: LiveCall) => void,
  server: ScreenConnection = { url: undefined, token: null },
): HallScreenState {
  const [view, setView] = useState<HallView | null>(null);
  const [config, setConfig] = useState<HallConfig | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const onCallRef = useRef(onCall);
  useEffect(() => {
    onCallRef.current = onCall;
  }, [onCall]);
  const roomKey = rooms.join(',');
  const { url, token } = server;
  useEffect(() => {
    const client = new HallClient({
      ...(url === undefined ? {} : { url }),
      token,
      rooms: roomKey.split(','),
      onView: (next, change) => {
        setView(next);
        for (const call of liveCalls(next, change)) onCallRef.current(call);
      },
      onState: setConnection,
      onConfig: setConfig,
    });
    return () => {
      client.close();
    };
  }, [roomKey, url, token]);
  return { view, config, connection };
}
