/**
 * Ticket and window history of the admin console: read from the event log, with the work
 * order and alarm events of a ticket, one business day of a window, zone leads limited to
 * their zones, bad input answered 400 and strangers 401/403.
 */
import { describe, expect, it } from 'vitest';
import type { CommandReply, DomainError, LoggedEvent, Ticket, WindowState } from '@hallq/shared';
import { api, login, loginAdmin, loginClerk, useTestHall, type RestData } from '../support/hall.ts';

const MIN = 60_000;
const hall = useTestHall();

interface TicketHistory {
  readonly ticket: Ticket;
  readonly zoneId: string | null;
  readonly events: readonly LoggedEvent[];
}
interface WindowHistory {
  readonly windowId: number;
  readonly businessDay: string;
  readonly state: WindowState | null;
  readonly currentTicket: Ticket | null;
  readonly events: readonly LoggedEvent[];
}
type Reply<T> = { readonly data: T } & { readonly error?: DomainError };

async function post(path: string, token: string, body: unknown = {}): Promise<void> {
  const response = await api(hall.url, 'POST', path, { token, body });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
}

async function served(): Promise<{ id: string; clerk: string }> {
  const issued = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
    body: { serviceId: 'bdc-transfer' },
  });
  const id = issued.body.data.ticket?.ticket.id ?? '';
  const clerk = await loginClerk(hall.url, 1);
  await post('/api/v1/windows/1/call-next', clerk);
  await post(`/api/v1/tickets/${id}/start`, clerk);
  hall.advance(5 * MIN);
  await post(`/api/v1/tickets/${id}/complete`, clerk);
  return { id, clerk };
}

describe('GET /api/v1/tickets/{id}/history', () => {
  it('lists every event of the ticket, its alarms too, oldest first', async () => {
    const admin = await loginAdmin(hall.url);
    const { id } = await served();
    const rated = await api(hall.url, 'POST', `/api/v1/tickets/${id}/rate`, {
      body: { score: 'dissatisfied', reasons: ['slow'] },
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    const response = await api<Reply<TicketHistory>>(
      hall.url,
      'GET',
      `/api/v1/tickets/${id}/history`,
      { token: admin },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { ticket, zoneId, events } = response.body.data;
    expect(ticket.id).toBe(id);
    expect(ticket.state).toBe('done');
    expect(zoneId).toBe('A');
    const types = events.map((l) => l.event.type);
    expect(types.slice(0, 4)).toEqual([
      'ticket.issued',
      'ticket.called',
      'ticket.started',
      'ticket.completed',
    ]);
    // The bad-rating alarm about the ticket is part of its history.
    expect(types).toContain('ticket.rated');
    const alarm = events.find((l) => l.event.type === 'alarm.raised');
    expect(alarm?.actor).toBe('system');
    expect(alarm !== undefined && 'alarm' in alarm.event && alarm.event.alarm.kind).toBe(
      'bad_rating',
    );
    const seqs = events.map((l) => l.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(events[1]?.actor).toBe('staff:w001');
  });

  it('zone leads see their zones’ tickets only; bad ids and strangers are refused', async () => {
    const { id, clerk } = await served();
    const leadA = await login(hall.url, 'leadA', 'demo');
    const leadB = await login(hall.url, 'leadB', 'demo');
    const get = (path: string, token?: string) =>
      api<Reply<TicketHistory>>(hall.url, 'GET', path, token === undefined ? {} : { token });
    expect((await get(`/api/v1/tickets/${id}/history`, leadA)).status).toBe(200);
    expect((await get(`/api/v1/tickets/${id}/history`, leadB)).status).toBe(404);
    expect((await get(`/api/v1/tickets/${id}/history`, clerk)).status).toBe(403);
    expect((await get(`/api/v1/tickets/${id}/history`)).status).toBe(401);
    expect((await get('/api/v1/tickets/nope/history', leadA)).status).toBe(400);
    expect((await get('/api/v1/tickets/20261124-Z999/history', leadA)).status).toBe(404);
  });
});

describe('GET /api/v1/windows/{id}/history', () => {
  it('answers the window’s events of today (default) or of a given day', async () => {
    const admin = await loginAdmin(hall.url);
    const { id } = await served();
    const clerk = await loginClerk(hall.url, 1);
    await post('/api/v1/windows/1/pause', clerk, { reason: '会议' });
    const today = await api<Reply<WindowHistory>>(hall.url, 'GET', '/api/v1/windows/1/history', {
      token: admin,
    });
    expect(today.status, JSON.stringify(today.body)).toBe(200);
    const data = today.body.data;
    expect(data.businessDay).toBe(hall.server.hall.state.day.businessDay);
    expect(data.state?.state).toBe('paused');
    expect(data.currentTicket).toBeNull();
    const types = data.events.map((l) => l.event.type);
    expect(types).toEqual(
      expect.arrayContaining(['ticket.called', 'ticket.completed', 'window.paused']),
    );
    expect(data.events.every((l) => !('ticket' in l.event) || l.event.ticket.id === id)).toBe(true);

    const other = await api<Reply<WindowHistory>>(
      hall.url,
      'GET',
      '/api/v1/windows/1/history?day=2026-01-05',
      { token: admin },
    );
    expect(other.status).toBe(200);
    expect(other.body.data.events).toEqual([]);
    expect(other.body.data.state).toBeNull();
  });

  it('refuses malformed input, unknown windows, other zones and strangers', async () => {
    const admin = await loginAdmin(hall.url);
    const leadB = await login(hall.url, 'leadB', 'demo');
    const clerk = await loginClerk(hall.url, 1);
    const status = async (path: string, token?: string): Promise<number> =>
      (await api(hall.url, 'GET', path, token === undefined ? {} : { token })).status;
    expect(await status('/api/v1/windows/1/history?day=yesterday', admin)).toBe(400);
    expect(await status('/api/v1/windows/1/history?day=2026-11-24&x=1', admin)).toBe(400);
    expect(await status('/api/v1/windows/abc/history', admin)).toBe(400);
    expect(await status('/api/v1/windows/999/history', admin)).toBe(404);
    expect(await status('/api/v1/windows/1/history', leadB)).toBe(404);
    expect(await status('/api/v1/windows/1/history', clerk)).toBe(403);
    expect(await status('/api/v1/windows/1/history')).toBe(401);
  });
});
