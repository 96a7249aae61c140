/**
 * Ten clerks of one zone press 叫号 at the same moment, round after round, over Socket.IO
 * (and REST): no ticket is ever called by two windows, every call-next either gets a ticket
 * nobody else got or `no_ticket_waiting`, and the log, the broadcast and the store agree.
 */
import { describe, expect, it } from 'vitest';
import {
  isAdminEvent,
  windowId,
  type Ack,
  type CommandReply,
  type LoggedEvent,
  type Ticket,
} from '@hallq/shared';
import {
  api,
  collectEvents,
  command,
  connectClient,
  dbState,
  loginAdmin,
  loginClerk,
  readAllEvents,
  syncRequest,
  useTestHall,
  waitFor,
  type HallClient,
} from '../support/hall.ts';

/** Windows 1–10: zone A's general windows, each serving every zone A service. */
const WINDOWS = Array.from({ length: 10 }, (_, i) => i + 1);
const SERVICES = ['bdc-transfer', 'bdc-mortgage', 'deed-tax', 'utility-transfer'] as const;

const hall = useTestHall();

interface Clerk {
  readonly windowId: number;
  readonly token: string;
  readonly socket: HallClient;
}

async function signInClerks(): Promise<Clerk[]> {
  return Promise.all(
    WINDOWS.map(async (windowId) => {
      const token = await loginClerk(hall.url, windowId);
      return { windowId, token, socket: await connectClient(hall.url, token) };
    }),
  );
}

async function issueMany(count: number, kiosks: readonly HallClient[]): Promise<void> {
  const acks = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const kiosk = kiosks[i % kiosks.length];
      if (kiosk === undefined) throw new Error('no kiosk');
      return command(kiosk, 'ticket:issue', {
        serviceId: SERVICES[i % SERVICES.length] ?? 'bdc-transfer',
        priority: i % 7 === 0 ? 'elderly' : 'normal',
      });
    }),
  );
  for (const ack of acks) expect(ack.ok, JSON.stringify(ack)).toBe(true);
}

/** Asserts what a round of concurrent call-nexts answered; returns the tickets called. */
function checkRound(
  clerks: readonly Clerk[],
  acks: readonly Ack<CommandReply>[],
  calledBefore: Set<string>,
): Ticket[] {
  const called: Ticket[] = [];
  acks.forEach((ack, i) => {
    const clerk = clerks[i];
    if (clerk === undefined) throw new Error('clerk');
    if (!ack.ok) {
      expect(ack.error.code).toBe('no_ticket_waiting');
      return;
    }
    const ticket = ack.data.ticket?.ticket;
    expect(ticket).toBeDefined();
    if (ticket === undefined) return;
    expect(ticket).toMatchObject({ state: 'called', windowId: clerk.windowId });
    expect(calledBefore.has(ticket.id), `${ticket.number} called twice`).toBe(false);
    calledBefore.add(ticket.id);
    called.push(ticket);
  });
  return called;
}

describe('concurrent call-next', () => {
  it('ten windows of one zone never call the same ticket', async () => {
    const TICKETS = 160;
    const screen = await connectClient(hall.url);
    await syncRequest(screen, { after: 0, rooms: ['zone:A'] });
    const broadcast = collectEvents(screen);
    const kiosks = await Promise.all([1, 2, 3].map(() => connectClient(hall.url)));
    await issueMany(TICKETS, kiosks);
    const clerks = await signInClerks();

    const called = new Set<string>();
    let rounds = 0;
    let nobodyLeft = false;
    while (!nobodyLeft) {
      rounds += 1;
      expect(rounds).toBeLessThan(40);
      const acks = await Promise.all(
        clerks.map((c) => command(c.socket, 'window:callNext', { windowId: c.windowId })),
      );
      const got = checkRound(clerks, acks, called);
      // Each window holds exactly the ticket it was answered with.
      const currents = WINDOWS.map(
        (w) => hall.server.hall.state.day.windows.get(windowId(w))?.currentTicketId ?? null,
      ).filter((t) => t !== null);
      expect(new Set(currents).size).toBe(currents.length);
      expect(currents.length).toBe(got.length);
      nobodyLeft = got.length === 0;
      // Half the windows start before completing; all complete concurrently.
      await Promise.all(
        got.map(async (ticket, i) => {
          const clerk = clerks.find((c) => c.windowId === ticket.windowId);
          if (clerk === undefined) throw new Error('no clerk');
          if (i % 2 === 0) {
            const started = await command(clerk.socket, 'ticket:start', { ticketId: ticket.id });
            expect(started.ok).toBe(true);
          }
          const done = await command(clerk.socket, 'ticket:complete', { ticketId: ticket.id });
          expect(done.ok, JSON.stringify(done)).toBe(true);
        }),
      );
    }
    expect(called.size).toBe(TICKETS);
    const tickets = [...hall.server.hall.state.day.tickets.values()];
    expect(tickets.every((t) => t.state === 'done')).toBe(true);

    // The log: one call per ticket, contiguous seqs, the same in the store and the broadcast.
    const admin = await loginAdmin(hall.url);
    const log = await readAllEvents(hall.url, admin);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const calls = log.filter((e) => e.event.type === 'ticket.called');
    expect(calls).toHaveLength(TICKETS);
    expect(new Set(calls.map((e) => ticketIdOf(e))).size).toBe(TICKETS);
    // The screen of the hall gets every event but the admin ones (alarms go to admin rooms).
    const hallLog = log.filter((e) => !isAdminEvent(e.event));
    await waitFor(() => broadcast.length === hallLog.length, 5000, 'broadcast');
    expect(broadcast).toEqual(hallLog);
    const state = await dbState(hall.server);
    expect(state.storeSeq).toBe(state.seq);
    expect(state.seq).toBe(log.length);
  });

  it('calls racing with issues, over sockets and REST at once, stay exclusive', async () => {
    const clerks = await signInClerks();
    const kiosks = await Promise.all([1, 2].map(() => connectClient(hall.url)));
    const called = new Set<string>();
    let issued = 0;
    for (let round = 0; round < 12; round += 1) {
      // Tickets arrive while the windows call: fewer than windows on odd rounds.
      const arriving = round % 2 === 0 ? 14 : 4;
      issued += arriving;
      const issuing = issueMany(arriving, kiosks);
      const calling = Promise.all(
        clerks.map(async (c, i): Promise<Ack<CommandReply>> => {
          if (i % 2 === 0) return command(c.socket, 'window:callNext', { windowId: c.windowId });
          // Odd windows use REST: the same command handler.
          const r = await api<{ data: CommandReply } | { error: { code: string } }>(
            hall.url,
            'POST',
            `/api/v1/windows/${c.windowId}/call-next`,
            { token: c.token },
          );
          return 'data' in r.body
            ? { ok: true, data: r.body.data }
            : ({ ok: false, error: r.body.error } as Ack<CommandReply>);
        }),
      );
      const [, acks] = await Promise.all([issuing, calling]);
      const got = checkRound(clerks, acks, called);
      // Clerks finish by no-show or complete, concurrently.
      await Promise.all(
        got.map(async (ticket) => {
          const clerk = clerks.find((c) => c.windowId === ticket.windowId);
          if (clerk === undefined) throw new Error('no clerk');
          const end = ticket.seq % 3 === 0 ? 'ticket:noShow' : 'ticket:complete';
          const ack = await command(clerk.socket, end, { ticketId: ticket.id });
          expect(ack.ok, JSON.stringify(ack)).toBe(true);
        }),
      );
    }
    // Drain the rest.
    for (;;) {
      const acks = await Promise.all(
        clerks.map((c) => command(c.socket, 'window:callNext', { windowId: c.windowId })),
      );
      const got = checkRound(clerks, acks, called);
      if (got.length === 0) break;
      await Promise.all(
        got.map((ticket) => {
          const clerk = clerks.find((c) => c.windowId === ticket.windowId);
          if (clerk === undefined) throw new Error('no clerk');
          return command(clerk.socket, 'ticket:complete', { ticketId: ticket.id });
        }),
      );
    }
    expect(called.size).toBe(issued);
    const numbers = [...hall.server.hall.state.day.tickets.values()].map((t) => t.number);
    expect(new Set(numbers).size).toBe(issued); // never a duplicated number
    const state = await dbState(hall.server);
    expect(state.storeSeq).toBe(state.seq);
  });
});

function ticketIdOf(logged: LoggedEvent): string {
  return 'ticket' in logged.event ? logged.event.ticket.id : '';
}
