/**
 * REST calls of the work-orders page. Lists and single orders come with the server's time,
 * so the deadline countdowns follow the hall's clock rather than the browser's.
 */
import type { WorkOrder, WorkOrderState } from '../../../shared/src/domain/admin.ts';
import type { Ack, DomainError } from '../../../shared/src/index.ts';
import type { WorkOrderStats } from '../../../shared/src/domain/work-orders.ts';
import { call } from '../api.ts';

export interface OrderFilter {
  readonly state: WorkOrderState | '';
  readonly overdue: boolean;
  readonly from: string;
  readonly to: string;
}

export interface OrderList {
  readonly orders: readonly WorkOrder[];
  /** Server time minus browser time when the answer came (ms). */
  readonly skew: number;
}

export interface ZoneStats {
  readonly zoneId: string;
  readonly name: string;
  readonly nameEn: string;
  readonly stats: WorkOrderStats;
}

export interface WorkOrderReport {
  readonly from: string;
  readonly to: string;
  readonly now: number;
  readonly total: WorkOrderStats;
  readonly byZone: readonly ZoneStats[];
}

export async function listOrders(token: string, filter: OrderFilter): Promise<Ack<OrderList>> {
  const query = new URLSearchParams({ limit: '500' });
  if (filter.state !== '') query.set('state', filter.state);
  if (filter.overdue) query.set('overdue', '1');
  if (filter.from !== '') query.set('from', filter.from);
  if (filter.to !== '') query.set('to', filter.to);
  try {
    const response = await fetch(
      `${globalThis.location.origin}/api/v1/work-orders?${query.toString()}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const body = (await response.json()) as {
      data?: WorkOrder[];
      now?: number;
      error?: DomainError;
    };
    if (response.ok && body.data !== undefined) {
      return { ok: true, data: { orders: body.data, skew: (body.now ?? Date.now()) - Date.now() } };
    }
    return {
      ok: false,
      error: body.error ?? { code: 'internal', message: `HTTP ${response.status}` },
    };
  } catch {
    return {
      ok: false,
      error: { code: 'unavailable', message: 'The hall server cannot be reached.' },
    };
  }
}

export type OrderAction = 'callback' | 'rectification' | 'appeal' | 'appeal-decision' | 'close';

export function act(
  token: string,
  id: string,
  action: OrderAction,
  body: Readonly<Record<string, unknown>> = {},
): Promise<Ack<WorkOrder>> {
  return call('POST', `/api/v1/work-orders/${encodeURIComponent(id)}/${action}`, token, body);
}

export function report(token: string, from: string, to: string): Promise<Ack<WorkOrderReport>> {
  const query = new URLSearchParams();
  if (from !== '') query.set('from', from);
  if (to !== '') query.set('to', to);
  return call('GET', `/api/v1/work-orders/report?${query.toString()}`, token);
}
