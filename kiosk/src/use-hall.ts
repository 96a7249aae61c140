import { useEffect, useRef, useState } from 'react';
import { HallClient, type ConnectionState } from '../../shared/src/client/hall-client.ts';
import type { ServiceQueueStats } from '../../shared/src/domain/eta.ts';
import type { HallConfig } from '../../shared/src/domain/model.ts';

export interface KioskHall {
  /** The live client; null before the first render's effect ran. */
  readonly client: { readonly current: HallClient | null };
  readonly config: HallConfig | null;
  readonly queues: ReadonlyMap<string, ServiceQueueStats>;
  readonly connection: ConnectionState;
}

/**
 * One connection to the hall server for the kiosk: the configuration (zones, services) and
 * the per-service queue figures pushed by `queues:update`. The kiosk joins the hall room only
 * because the protocol wants a room; it never shows individual tickets.
 */
export function useKioskHall(token: string | null, url?: string): KioskHall {
  const client = useRef<HallClient | null>(null);
  const [config, setConfig] = useState<HallConfig | null>(null);
  const [queues, setQueues] = useState<ReadonlyMap<string, ServiceQueueStats>>(new Map());
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  useEffect(() => {
    const created = new HallClient({
      ...(url === undefined ? {} : { url }),
      token,
      rooms: ['hall'],
      onConfig: setConfig,
      onState: setConnection,
      onQueues: (stats) => {
        setQueues(new Map(stats.map((s) => [s.serviceId, s])));
      },
    });
    client.current = created;
    return () => {
      created.close();
      client.current = null;
    };
  }, [token, url]);
  return { client, config, queues, connection };
}
