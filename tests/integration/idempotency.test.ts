/**
 * Brief §5.4: "Commands carry an idempotency key; a retried command never applies twice."
 * Retries over REST (header or body field) and Socket.IO return the identical reply and
 * change nothing; the same key for a different command is refused.
 */
import { describe, expect, it } from 'vitest';
import type { CommandReply } from '@hallq/shared';
import { DEMO_CLERK_PASSWORD } from '@hallq/server';
import {
  api,
  command,
  connectClient,
  dbState,
  login,
  loginClerk,
  useTestHall,
  type ApiResponse,
  type RestData,
  type RestError,
} from '../support/hall.ts';

const hall = useTestHall();

function issue(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  token?: string,
): Promise<ApiResponse<RestData<CommandReply> | RestError>> {
  return api<RestData<CommandReply> | RestError>(hall.url, 'POST', '/api/v1/tickets', {
    body,
    headers,
    ...(token === undefined ? {} : { token }),
  });
}

function ticketCount(): number {
  return hall.server.hall.state.day.tickets.size;
}

describe('idempotency keys', () => {
  it('a REST retry with the same Idempotency-Key header returns the identical reply', async () => {
    const key = 'kiosk-07:000123';
    const first = await issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const before = await dbState(hall.server);
    hall.advance(30_000); // a retry comes later; the reply must not be recomputed
    const again = await issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await dbState(hall.server)).toEqual(before);
    expect(before.seq).toBe(1);
    expect(ticketCount()).toBe(1);

    // A different key is a different ticket.
    const other = await issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': `${key}b` });
    expect((other.body as RestData<CommandReply>).data.ticket?.ticket.number).toBe('A002');
  });

  it('the key may also be a body field; a retry after the ticket moved on still replays', async () => {
    const body = { serviceId: 'bdc-mortgage', idempotencyKey: 'booking:8f1c2a77' };
    const first = await issue(body);
    expect(first.status).toBe(201);
    const reply = (first.body as RestData<CommandReply>).data;
    expect(reply.ticket?.ticket.number).toBe('H001');

    // The ticket is called meanwhile.
    const clerk = await loginClerk(hall.url, 1);
    const call = await api<RestData<CommandReply>>(
      hall.url,
      'POST',
      '/api/v1/windows/1/call-next',
      { token: clerk },
    );
    expect(call.body.data.ticket?.ticket.number).toBe('H001');
    const before = await dbState(hall.server);

    const again = await issue(body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body); // the original reply, not the current state
    expect(await dbState(hall.server)).toEqual(before);
    expect(ticketCount()).toBe(1);
  });

  it('a socket retry with the same payload key returns the identical ack', async () => {
    const kiosk = await connectClient(hall.url);
    const payload = { serviceId: 'bdc-transfer', idempotencyKey: 'kiosk-01:0000042' } as const;
    const first = await command(kiosk, 'ticket:issue', payload);
    expect(first.ok).toBe(true);
    const before = await dbState(hall.server);
    const again = await command(kiosk, 'ticket:issue', payload);
    expect(again).toEqual(first);
    expect(await dbState(hall.server)).toEqual(before);

    // The same key retried over REST (the kiosk fell back to HTTP) is the same command too.
    const overRest = await issue(payload);
    expect(overRest.status).toBe(201);
    expect(first.ok && overRest.body).toEqual({ data: first.ok ? first.data : null });
    // …and from a new socket connection after a reconnect.
    const reconnected = await connectClient(hall.url);
    expect(await command(reconnected, 'ticket:issue', payload)).toEqual(first);
    expect(await dbState(hall.server)).toEqual(before);
    expect(ticketCount()).toBe(1);
  });

  it('a retried call-next calls once: the retry answers the first call, not window_busy', async () => {
    await issue({ serviceId: 'bdc-transfer' });
    await issue({ serviceId: 'bdc-transfer' });
    const token = await loginClerk(hall.url, 4);
    const counter = await connectClient(hall.url, token);
    const first = await command(counter, 'window:callNext', {
      windowId: 4,
      idempotencyKey: 'counter-4:call:1',
    });
    expect(first.ok && first.data.ticket?.ticket.number).toBe('A001');
    const before = await dbState(hall.server);
    const again = await command(counter, 'window:callNext', {
      windowId: 4,
      idempotencyKey: 'counter-4:call:1',
    });
    expect(again).toEqual(first);
    expect(await dbState(hall.server)).toEqual(before);
    // Without the key it is a new command, refused because the window is busy.
    const fresh = await command(counter, 'window:callNext', { windowId: 4 });
    expect(fresh).toMatchObject({ ok: false, error: { code: 'window_busy' } });
    // Over REST with the header: the same stored reply.
    const rest = await api<RestData<CommandReply>>(
      hall.url,
      'POST',
      '/api/v1/windows/4/call-next',
      {
        token,
        headers: { 'Idempotency-Key': 'counter-4:call:1' },
      },
    );
    expect(rest.status).toBe(200);
    expect(first.ok && rest.body.data).toEqual(first.ok ? first.data : null);
    expect(await dbState(hall.server)).toEqual(before);
  });

  it('the same key with a different payload is refused with 422 idempotency_conflict', async () => {
    const key = 'kiosk-02:000777';
    const first = await issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const before = await dbState(hall.server);

    const otherService = await issue({ serviceId: 'bdc-mortgage' }, { 'Idempotency-Key': key });
    expect(otherService.status).toBe(422);
    expect((otherService.body as RestError).error.code).toBe('idempotency_conflict');
    const otherPriority = await issue(
      { serviceId: 'bdc-transfer', priority: 'elderly' },
      { 'Idempotency-Key': key },
    );
    expect(otherPriority.status).toBe(422);

    // A different sender with the same key is a different command too.
    const guide = await login(hall.url, 'guide', DEMO_CLERK_PASSWORD);
    const byGuide = await issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': key }, guide);
    expect(byGuide.status).toBe(422);
    expect((byGuide.body as RestError).error.code).toBe('idempotency_conflict');

    // Over the socket the same refusal, as an ack.
    const kiosk = await connectClient(hall.url);
    const ack = await command(kiosk, 'ticket:issue', {
      serviceId: 'deed-tax',
      idempotencyKey: key,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
    // A different command type with the key of an issue.
    const clerk = await loginClerk(hall.url, 1);
    const afterLogin = await dbState(hall.server);
    const call = await api<RestError>(hall.url, 'POST', '/api/v1/windows/1/call-next', {
      token: clerk,
      headers: { 'Idempotency-Key': key },
    });
    expect(call.status).toBe(422);
    expect(call.body.error.code).toBe('idempotency_conflict');
    expect(await dbState(hall.server)).toEqual(afterLogin);
    expect(afterLogin.seq).toBe(before.seq + 1); // only the sign-in's window.opened
    expect(ticketCount()).toBe(1);

    // The original retry still replays.
    const retry = await issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it('five concurrent retries of one key make exactly one ticket and one event', async () => {
    const key = 'kiosk-03:race:0001';
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        issue({ serviceId: 'bdc-transfer' }, { 'Idempotency-Key': key }),
      ),
    );
    for (const r of replies) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(replies[0]?.body);
    }
    expect(ticketCount()).toBe(1);
    expect(hall.server.hall.currentSeq).toBe(1);

    // The same race over five sockets.
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connectClient(hall.url)));
    const acks = await Promise.all(
      sockets.map((s) =>
        command(s, 'ticket:issue', { serviceId: 'deed-tax', idempotencyKey: 'kiosk-03:race:0002' }),
      ),
    );
    for (const a of acks) expect(a).toEqual(acks[0]);
    expect(acks[0]?.ok && acks[0].data.ticket?.ticket.number).toBe('Q001');
    expect(ticketCount()).toBe(2);
    expect(hall.server.hall.currentSeq).toBe(2);
    expect(await hall.server.store.lastSeq()).toBe(2);
  });

  it('a refused command is not remembered: the same key succeeds once the refusal is gone', async () => {
    await issue({ serviceId: 'bdc-transfer' });
    const clerk = await loginClerk(hall.url, 1);
    await api(hall.url, 'POST', '/api/v1/windows/1/call-next', { token: clerk });
    const recall = (): Promise<ApiResponse<RestData<CommandReply> | RestError>> =>
      api<RestData<CommandReply> | RestError>(
        hall.url,
        'POST',
        '/api/v1/tickets/20261124-A001/recall',
        {
          token: clerk,
          headers: { 'Idempotency-Key': 'counter-1:recall:1' },
        },
      );
    const soon = await recall();
    expect(soon.status).toBe(409);
    expect((soon.body as RestError).error.code).toBe('recall_too_soon');
    hall.advance(10_000);
    const done = await recall();
    expect(done.status).toBe(200);
    expect((done.body as RestData<CommandReply>).data.ticket?.ticket.recallCount).toBe(1);
    const before = await dbState(hall.server);
    hall.advance(10_000);
    const again = await recall();
    expect(again.body).toEqual(done.body); // not a second recall
    expect(await dbState(hall.server)).toEqual(before);
  });

  it('malformed keys are refused as validation errors and change nothing', async () => {
    const before = await dbState(hall.server);
    for (const key of ['short', 'has space in it', 'x'.repeat(101), 'semi;colon!']) {
      const r = await api<RestError>(hall.url, 'POST', '/api/v1/tickets', {
        body: { serviceId: 'bdc-transfer' },
        headers: { 'Idempotency-Key': key },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('validation');
    }
    const kiosk = await connectClient(hall.url);
    const ack = await command(kiosk, 'ticket:issue', {
      serviceId: 'bdc-transfer',
      idempotencyKey: 'bad key',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dbState(hall.server)).toEqual(before);
  });
});
