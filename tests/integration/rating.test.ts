/**
 * 好差评 beside the counter (brief §5.3): after a completed ticket the visitor rates once,
 * within the hall's rating time; the clerk's own session cannot; the rating is stored with
 * ticket, window, clerk, service and time and shows in the clerk's figures.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandReply, DayFigures, LoggedEvent } from '@hallq/shared';
import {
  api,
  collectEvents,
  command,
  connectClient,
  loginAdmin,
  loginClerk,
  syncRequest,
  useTestHall,
  waitFor,
  type RestData,
  type RestError,
} from '../support/hall.ts';

const hall = useTestHall();

async function servedTicket(token: string): Promise<string> {
  const issued = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
    body: { serviceId: 'bdc-transfer' },
  });
  const id = issued.body.data.ticket?.ticket.id ?? '';
  expect((await api(hall.url, 'POST', '/api/v1/windows/1/call-next', { token })).status).toBe(200);
  expect((await api(hall.url, 'POST', `/api/v1/tickets/${id}/start`, { token })).status).toBe(200);
  hall.advance(4 * 60_000);
  expect((await api(hall.url, 'POST', `/api/v1/tickets/${id}/complete`, { token })).status).toBe(
    200,
  );
  return id;
}

describe('rating screen', () => {
  it('the window:1 screen sees the completion and rates it once; figures show it', async () => {
    const clerk = await loginClerk(hall.url, 1);
    const screen = await connectClient(hall.url); // /rate?window=1 in a browser: anonymous
    expect((await syncRequest(screen, { after: 0, rooms: ['window:1'] })).ok).toBe(true);
    const seen: LoggedEvent[] = collectEvents(screen);
    const id = await servedTicket(clerk);
    await waitFor(() => seen.some((l) => l.event.type === 'ticket.completed'), 5000, 'completion');

    hall.advance(20_000);
    const rated = await command(screen, 'ticket:rate', {
      ticketId: id,
      score: 'dissatisfied',
      reasons: ['wait_long'],
      comment: '排队太久',
    });
    expect(rated.ok).toBe(true);
    const again = await command(screen, 'ticket:rate', { ticketId: id, score: 'satisfied' });
    expect(again.ok ? 'ok' : again.error.code).toBe('wrong_state');

    const figures = await api<RestData<DayFigures>>(hall.url, 'GET', '/api/v1/figures', {
      token: clerk,
    });
    expect(figures.status).toBe(200);
    expect(figures.body.data).toMatchObject({ served: 1, rated: 1, goodRate: 0 });
    expect(figures.body.data.ratings.dissatisfied).toBe(1);
    expect(figures.body.data.meanHandlingMs).toBe(4 * 60_000);

    const admin = await loginAdmin(hall.url);
    const byWindow = await api<RestData<DayFigures>>(
      hall.url,
      'GET',
      '/api/v1/figures?windowId=1',
      {
        token: admin,
      },
    );
    expect(byWindow.body.data.rated).toBe(1);

    await hall.server.close();
    const db = new Database(join(hall.dataDir, 'hallq.db'), { readonly: true });
    const row = db.prepare('SELECT * FROM ratings WHERE ticket_id = ?').get(id) as Record<
      string,
      unknown
    >;
    db.close();
    expect(row).toMatchObject({
      window_id: 1,
      staff_id: 'w001',
      service_id: 'bdc-transfer',
      score: 'dissatisfied',
      reasons: '["wait_long"]',
      comment: '排队太久',
    });
  });

  it('refuses the clerk, a bad rating without a reason, and a rating after 60 s', async () => {
    const clerk = await loginClerk(hall.url, 1);
    const id = await servedTicket(clerk);
    const byClerk = await api<RestError>(hall.url, 'POST', `/api/v1/tickets/${id}/rate`, {
      token: clerk,
      body: { score: 'very_satisfied' },
    });
    expect(byClerk.status).toBe(403);
    const noReason = await api<RestError>(hall.url, 'POST', `/api/v1/tickets/${id}/rate`, {
      body: { score: 'very_dissatisfied' },
    });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'validation']);
    hall.advance(61_000);
    const late = await api<RestError>(hall.url, 'POST', `/api/v1/tickets/${id}/rate`, {
      body: { score: 'very_satisfied' },
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'rating_expired']);
    const other = await api<RestError>(hall.url, 'GET', '/api/v1/figures?windowId=2', {
      token: clerk,
    });
    expect(other.status).toBe(403);
  });
});
