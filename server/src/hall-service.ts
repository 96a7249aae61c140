/**
 * The one command handler. REST and Socket.IO both call `execute`; commands run one at a
 * time: decide (pure domain) → one durable commit (events + state + idempotency + audit) →
 * apply in memory → broadcast. A failed commit changes nothing, in memory or on disk.
 */
import {
  actorLabel,
  applyEvents,
  buildView,
  checkConfig,
  checkConfigChange,
  dayFigures,
  businessDayAt,
  decide,
  emptyDay,
  eventRooms,
  nextDayCloseAt,
  queueStats,
  restoreDay,
  ticketEstimate,
  zoneIndex,
  type Actor,
  type Ack,
  type BusinessDay,
  type CommandBody,
  type CommandReply,
  type ConfigSection,
  type DayFigures,
  type DomainError,
  type DomainEvent,
  type HallConfig,
  type HallState,
  type LoggedEvent,
  type MutableDayState,
  type ServiceQueueStats,
  type SyncReply,
  type Ticket,
  type TicketId,
  type TicketInfo,
  type WindowId,
  type WindowState,
  type ZoneIndex,
} from '@hallq/shared';
import type { Logger } from 'pino';
import {
  StorageFullError,
  type AuditEntry,
  type CommitBatch,
  type HallStore,
  type StaffRecord,
} from './store.ts';

/** Missed events above this count are answered with a snapshot instead. */
export const MAX_SYNC_EVENTS = 2000;

const SECURITY_CODES = new Set(['unauthenticated', 'forbidden', 'not_your_window']);

export interface ExecuteOptions {
  readonly idempotencyKey?: string | undefined;
  /** The payload as received, personal data masked, for the audit log. */
  readonly auditPayload?: unknown;
}

/**
 * What an admin change writes: its events (seq given in order) and the rows they change,
 * committed with the audit row in one transaction. `reply` is handed back to the caller.
 */
export interface AdminWrite<R> {
  readonly events: readonly DomainEvent[];
  readonly config?: HallConfig;
  readonly staff?: readonly StaffRecord[];
  readonly alarms?: CommitBatch['alarms'];
  readonly workOrders?: CommitBatch['workOrders'];
  readonly reply: R;
}

export interface AdminChange<R> {
  /** Who makes the change (the audit and the events' actor). */
  readonly actor: Actor;
  /** Audit command name, e.g. `config.services` or `alarm.acknowledge`. */
  readonly command: string;
  /** The payload for the audit log (no passwords). */
  readonly auditPayload: unknown;
  /**
   * Builds the change against the current state, inside the command queue (so nothing
   * changes between reading and writing); a refusal writes nothing (security refusals are
   * audited).
   */
  readonly build: (state: HallState) => Ack<AdminWrite<R>> | Promise<Ack<AdminWrite<R>>>;
}

export interface HallServiceOptions {
  readonly store: HallStore;
  readonly clock: () => number;
  readonly logger: Logger;
}

type Listener = (events: readonly LoggedEvent[], rooms: readonly (readonly string[])[]) => void;

export class HallService {
  private config: HallConfig;
  private index: ZoneIndex;
  private day: MutableDayState;
  private seq: number;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private rolloverTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly options: HallServiceOptions,
    config: HallConfig,
    day: MutableDayState,
    seq: number,
  ) {
    this.config = config;
    this.index = zoneIndex(config);
    this.day = day;
    this.seq = seq;
  }

  /**
   * Loads the stored hall (the configuration must exist). The caller then runs
   * `rolloverIfDue()` once its listeners are attached, to close a day missed while down.
   */
  static async open(options: HallServiceOptions): Promise<HallService> {
    const { store, clock } = options;
    const config = await store.loadConfig();
    if (config === null) throw new Error('No hall configuration in the data folder.');
    const now = clock();
    const stored = await store.loadDay();
    const today = businessDayAt(now, config.hall);
    const dayState =
      stored === null
        ? emptyDay(config, today, now)
        : restoreDay(
            config,
            stored.businessDay,
            stored.tickets,
            stored.windows,
            stored.counters,
            now,
          );
    const service = new HallService(options, config, dayState, await store.lastSeq());
    service.scheduleRollover();
    return service;
  }

  /** The current state (configuration + business day). Treat as read-only. */
  get state(): HallState {
    return { config: this.config, day: this.day };
  }

  get currentSeq(): number {
    return this.seq;
  }

  get zoneIndex(): ZoneIndex {
    return this.index;
  }

  /** Subscribes to committed events (with the rooms of each); returns the unsubscribe. */
  onCommitted(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `task` after every command queued before it, alone. */
  serial<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Executes one command for an actor. Never throws for domain or storage refusals. */
  execute(
    actor: Actor,
    body: CommandBody,
    options: ExecuteOptions = {},
  ): Promise<Ack<CommandReply>> {
    return this.serial(async () => {
      if (this.closed) return refuse('unavailable', 'The server is shutting down; try again.');
      await this.rolloverIfDueUnlocked();
      return this.executeUnlocked(actor, body, options);
    });
  }

  private async executeUnlocked(
    actor: Actor,
    body: CommandBody,
    options: ExecuteOptions,
  ): Promise<Ack<CommandReply>> {
    const { store, clock, logger } = this.options;
    const label = actorLabel(actor);
    const fingerprint = `${label}|${JSON.stringify(body)}`;
    const key = options.idempotencyKey;
    if (key !== undefined) {
      const stored = await store.findReply(key);
      if (stored !== null) {
        if (stored.fingerprint !== fingerprint) {
          return refuse(
            'idempotency_conflict',
            'This idempotency key was used for a different command.',
          );
        }
        return { ok: true, data: stored.reply as CommandReply };
      }
    }
    const now = clock();
    const decided = decide(this.state, { ...body, actor }, now);
    const auditPayload = options.auditPayload ?? body;
    if (!decided.ok) {
      if (SECURITY_CODES.has(decided.error.code)) {
        await store
          .audit({
            at: now,
            actor: label,
            command: body.type,
            payload: auditPayload,
            outcome: decided.error.code,
          })
          .catch((error: unknown) => logger.warn({ err: error }, 'audit write failed'));
      }
      return { ok: false, error: decided.error };
    }
    const events = decided.value;
    if (events.length === 0) {
      return { ok: true, data: { seq: this.seq, events: [], ticket: this.ticketOfBody(body) } };
    }
    const businessDay = this.day.businessDay;
    const logged: LoggedEvent[] = events.map((event, i) => ({
      seq: this.seq + i + 1,
      businessDay: event.type === 'day.closed' ? event.closedDay : businessDay,
      actor: label,
      event,
    }));
    const changedTicket = lastTicket(events);
    const reply: CommandReply = {
      seq: this.seq + events.length,
      events: logged,
      ticket: changedTicket === null ? null : this.infoAfter(changedTicket, events, now),
    };
    const batch = this.batchFor(
      events,
      businessDay,
      label,
      {
        at: now,
        actor: label,
        command: body.type,
        payload: auditPayload,
        outcome: 'ok',
      },
      key === undefined ? null : { key, fingerprint, reply },
    );
    try {
      const { firstSeq, lastSeq } = await store.commit(batch);
      if (firstSeq !== this.seq + 1 || lastSeq !== this.seq + events.length) {
        throw new Error(
          `Sequence mismatch: expected ${this.seq + 1}…, store wrote ${firstSeq}…${lastSeq}`,
        );
      }
    } catch (error) {
      if (error instanceof StorageFullError) {
        logger.error({ err: error }, 'storage full: command refused');
        return refuse(
          'storage_full',
          'The server disk is full: nothing was saved. Tell the hall IT staff.',
        );
      }
      logger.error({ err: error, command: body.type }, 'commit failed');
      return refuse(
        'unavailable',
        'The server could not save this; nothing was changed. Try again.',
      );
    }
    this.day = applyEvents(this.config, this.day, events);
    this.seq += events.length;
    if (events.some((e) => e.type === 'day.closed')) {
      this.scheduleRollover();
      // The next day starts clean: clerks sign in again at their windows.
      await store.deleteWindowSessions().catch((error: unknown) => {
        logger.error({ err: error }, 'could not sign clerks out at day close');
      });
    }
    const rooms = logged.map((l) => eventRooms(this.index, l.event));
    for (const listener of this.listeners) {
      try {
        listener(logged, rooms);
      } catch (error) {
        logger.error({ err: error }, 'event listener failed');
      }
    }
    return { ok: true, data: reply };
  }

  /**
   * Commits an admin change (configuration, staff, alarms, work orders): its events get the
   * next hall-wide seqs, its rows and audit row go in the same durable transaction, then
   * the events are applied (a configuration change takes effect at once) and broadcast.
   */
  commitAdmin<R>(
    change: AdminChange<R>,
  ): Promise<
    Ack<{ readonly seq: number; readonly events: readonly LoggedEvent[]; readonly reply: R }>
  > {
    return this.serial(async () => {
      if (this.closed) return refuse('unavailable', 'The server is shutting down; try again.');
      // A day that ended closes first, so the change is logged under the right business day.
      await this.rolloverIfDueUnlocked();
      const { store, clock, logger } = this.options;
      const label = actorLabel(change.actor);
      const now = clock();
      const audit = (outcome: string): AuditEntry => ({
        at: now,
        actor: label,
        command: change.command,
        payload: change.auditPayload,
        outcome,
      });
      let built: Ack<AdminWrite<R>>;
      try {
        built = await change.build(this.state);
      } catch (error) {
        logger.error({ err: error, command: change.command }, 'admin change failed');
        return refuse('unavailable', 'The change could not be prepared; nothing was changed.');
      }
      if (!built.ok) {
        if (SECURITY_CODES.has(built.error.code)) {
          await store
            .audit(audit(built.error.code))
            .catch((error: unknown) => logger.warn({ err: error }, 'audit write failed'));
        }
        return built;
      }
      const write = built.data;
      const businessDay = this.day.businessDay;
      const logged: LoggedEvent[] = write.events.map((event, i) => ({
        seq: this.seq + i + 1,
        businessDay,
        actor: label,
        event,
      }));
      const windows = new Map<number, WindowState>();
      if (write.config !== undefined) {
        // Windows the new configuration adds are stored closed, as the reducer adds them.
        const day = applyEvents(write.config, copyWindows(this.day), write.events);
        for (const [id, w] of day.windows) if (!this.day.windows.has(id)) windows.set(id, w);
      }
      const batch: CommitBatch = {
        businessDay,
        actor: label,
        events: write.events,
        tickets: [],
        windows: [...windows.values()],
        counters: [],
        idempotency: null,
        audit: audit('ok'),
        newBusinessDay: null,
        config: write.config ?? null,
        ...(write.staff === undefined ? {} : { staff: write.staff }),
        ...(write.alarms === undefined ? {} : { alarms: write.alarms }),
        ...(write.workOrders === undefined ? {} : { workOrders: write.workOrders }),
      };
      try {
        const { firstSeq, lastSeq } = await store.commit(batch);
        if (firstSeq !== this.seq + 1 || lastSeq !== this.seq + write.events.length) {
          throw new Error(
            `Sequence mismatch: expected ${this.seq + 1}…, store wrote ${firstSeq}…${lastSeq}`,
          );
        }
      } catch (error) {
        if (error instanceof StorageFullError) {
          return refuse(
            'storage_full',
            'The server disk is full: nothing was saved. Tell the hall IT staff.',
          );
        }
        logger.error({ err: error, command: change.command }, 'admin commit failed');
        return refuse(
          'unavailable',
          'The server could not save this; nothing was changed. Try again.',
        );
      }
      this.day = applyEvents(this.config, this.day, write.events);
      this.seq += write.events.length;
      if (write.config !== undefined) {
        this.config = write.config;
        this.index = zoneIndex(write.config);
        this.scheduleRollover();
      }
      const rooms = logged.map((l) => eventRooms(this.index, l.event));
      for (const listener of this.listeners) {
        try {
          listener(logged, rooms);
        } catch (error) {
          logger.error({ err: error }, 'event listener failed');
        }
      }
      return { ok: true, data: { seq: this.seq, events: logged, reply: write.reply } };
    });
  }

  /**
   * Replaces the configuration (one section edited, or a whole imported file): checked on
   * its own (`checkConfig`) and against today's open tickets and windows
   * (`checkConfigChange`); refused with every problem listed, or committed as one
   * `config.changed` event that every client applies at once.
   */
  changeConfig(
    actor: Actor,
    section: ConfigSection | 'import',
    next: (current: HallConfig) => HallConfig,
    auditPayload: unknown,
  ): Promise<Ack<{ readonly seq: number; readonly config: HallConfig }>> {
    return this.commitAdmin<HallConfig>({
      actor,
      command: `config.${section}`,
      auditPayload,
      build: (state) => {
        const config = next(state.config);
        const problems = [...checkConfig(config), ...checkConfigChange(state, config)];
        if (problems.length > 0) {
          return {
            ok: false,
            error: {
              code: 'validation',
              message: `The configuration was not changed: ${problems.slice(0, 3).join(' ')}${problems.length > 3 ? ` (+${String(problems.length - 3)} more)` : ''}`,
              details: { problems },
            },
          };
        }
        const event: DomainEvent = {
          type: 'config.changed',
          at: this.options.clock(),
          section,
          config,
        };
        return { ok: true, data: { events: [event], config, reply: config } };
      },
    }).then((result) =>
      result.ok ? { ok: true, data: { seq: result.data.seq, config: result.data.reply } } : result,
    );
  }

  private batchFor(
    events: readonly DomainEvent[],
    businessDay: BusinessDay,
    actor: string,
    audit: CommitBatch['audit'],
    idempotency: CommitBatch['idempotency'],
  ): CommitBatch {
    const tickets = new Map<TicketId, Ticket>();
    const windows = new Map<number, WindowState>();
    const counters = new Map<string, number>();
    let newBusinessDay: BusinessDay | null = null;
    for (const event of events) {
      if (event.type === 'day.closed') {
        for (const t of event.tickets) tickets.set(t.id, t);
        for (const w of event.windows) windows.set(w.windowId, w);
        newBusinessDay = event.nextDay;
        continue;
      }
      if ('ticket' in event) tickets.set(event.ticket.id, event.ticket);
      if ('window' in event && event.window !== null)
        windows.set(event.window.windowId, event.window);
      if (event.type === 'ticket.issued') {
        const prefix =
          this.config.services.find((s) => s.id === event.ticket.serviceId)?.prefix ?? '?';
        counters.set(prefix, Math.max(counters.get(prefix) ?? 0, event.ticket.seq));
      }
    }
    return {
      businessDay,
      actor,
      events,
      tickets: [...tickets.values()],
      windows: [...windows.values()],
      counters: [...counters].map(([prefix, last]) => ({ prefix, last })),
      idempotency,
      audit,
      newBusinessDay,
      config: null,
    };
  }

  private infoAfter(ticket: Ticket, events: readonly DomainEvent[], now: number): TicketInfo {
    // Estimate against the state as it will be once these events are applied.
    const state: HallState = { config: this.config, day: overlay(this.day, events) };
    return { ticket, ...ticketEstimate(state, ticket, now) };
  }

  private ticketOfBody(body: CommandBody): TicketInfo | null {
    if (!('ticketId' in body)) return null;
    const ticket = this.day.tickets.get(body.ticketId);
    return ticket === undefined ? null : this.ticketInfoOf(ticket);
  }

  private ticketInfoOf(ticket: Ticket): TicketInfo {
    return { ticket, ...ticketEstimate(this.state, ticket, this.options.clock()) };
  }

  /** A ticket with its position; past days come from storage. */
  async ticketInfo(id: TicketId): Promise<TicketInfo | null> {
    const today = this.day.tickets.get(id);
    if (today !== undefined) return this.ticketInfoOf(today);
    const past = await this.options.store.findTicket(id);
    return past === null ? null : { ticket: past, ahead: 0, estimatedWaitMs: null };
  }

  /**
   * Today's figures: a clerk gets their own; a counter device its window's; managers and
   * zone leads any window's (zone leads within their zones).
   */
  figures(actor: Actor, windowId: number | undefined): Ack<DayFigures> {
    const window =
      windowId === undefined ? undefined : this.config.windows.find((w) => w.id === windowId);
    if (windowId !== undefined && window === undefined)
      return refuse('not_found', `No window ${windowId}.`);
    if (actor.kind === 'staff' && actor.role === 'clerk') {
      if (windowId !== undefined && windowId !== actor.windowId) {
        return refuse('not_your_window', 'Clerks see their own figures only.');
      }
      return { ok: true, data: dayFigures(this.state, { staffId: actor.staffId, windowId: null }) };
    }
    if (actor.kind === 'device' && actor.role === 'counter' && actor.windowId !== null) {
      return {
        ok: true,
        data: dayFigures(this.state, { staffId: null, windowId: actor.windowId }),
      };
    }
    const manages =
      actor.kind === 'staff' &&
      (actor.role === 'admin' ||
        actor.role === 'manager' ||
        (actor.role === 'zone_lead' &&
          window !== undefined &&
          actor.zoneIds.includes(window.zoneId)));
    if (!manages) {
      return actor.kind === 'anonymous'
        ? refuse('unauthenticated', 'Sign in to see figures.')
        : refuse('forbidden', 'Only clerks, counters and managers see figures.');
    }
    if (window === undefined) return refuse('validation', 'Name the window (windowId).');
    return { ok: true, data: dayFigures(this.state, { staffId: null, windowId: window.id }) };
  }

  queues(): readonly ServiceQueueStats[] {
    return queueStats(this.state, this.options.clock());
  }

  /**
   * Resync for a client that applied everything up to `after`: the missed events of its
   * rooms, or a snapshot when too many were missed or `after` is not from this log. Runs in
   * the command queue, so no event can fall between the reply and later broadcasts;
   * `beforeReply` lets the caller join rooms at that same moment.
   */
  sync(after: number, rooms: readonly string[], beforeReply?: () => void): Promise<SyncReply> {
    return this.serial(async () => {
      beforeReply?.();
      const seq = this.seq;
      if (after > seq || seq - after > MAX_SYNC_EVENTS || after === 0) {
        return { mode: 'snapshot', seq, view: buildView(this.state, seq, rooms) } as const;
      }
      const all = await this.options.store.readEvents(after, MAX_SYNC_EVENTS);
      const scope = new Set(rooms);
      const events = all.filter((l) => eventRooms(this.index, l.event).some((r) => scope.has(r)));
      return { mode: 'events', seq, events } as const;
    });
  }

  /** The event log, for integrations and supervision. */
  readEvents(after: number, limit: number): Promise<readonly LoggedEvent[]> {
    return this.options.store.readEvents(after, limit);
  }

  /** Closes the business day if its close time has passed (also after a missed rollover). */
  rolloverIfDue(): Promise<void> {
    return this.serial(() => this.rolloverIfDueUnlocked());
  }

  private async rolloverIfDueUnlocked(): Promise<void> {
    const now = this.options.clock();
    if (businessDayAt(now, this.config.hall) <= this.day.businessDay) return;
    const result = await this.executeUnlocked({ kind: 'system' }, { type: 'day.close' }, {});
    if (result.ok) {
      this.options.logger.info({ businessDay: this.day.businessDay }, 'business day rolled over');
    } else {
      this.options.logger.error({ error: result.error }, 'business-day rollover failed');
    }
  }

  private scheduleRollover(): void {
    if (this.rolloverTimer !== null) clearTimeout(this.rolloverTimer);
    if (this.closed) return;
    const now = this.options.clock();
    const delay = Math.max(
      1000,
      Math.min(nextDayCloseAt(now, this.config.hall) - now + 500, 2 ** 31 - 1),
    );
    this.rolloverTimer = setTimeout(() => {
      void this.rolloverIfDue().finally(() => this.scheduleRollover());
    }, delay);
    this.rolloverTimer.unref();
  }

  /** Stops timers and waits for queued commands; the store is closed by the owner. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.rolloverTimer !== null) clearTimeout(this.rolloverTimer);
    await this.tail;
  }
}

/** A day whose window map may be changed without touching the live one. */
function copyWindows(day: MutableDayState): MutableDayState {
  return { ...day, windows: new Map(day.windows) };
}

function refuse(code: DomainError['code'], message: string): { ok: false; error: DomainError } {
  return { ok: false, error: { code, message } };
}

function lastTicket(events: readonly DomainEvent[]): Ticket | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event !== undefined && 'ticket' in event) return event.ticket;
  }
  return null;
}

/** A read-only view of the day with the events' tickets and windows laid over it. */
function overlay(day: MutableDayState, events: readonly DomainEvent[]): HallState['day'] {
  const tickets = new Map<TicketId, Ticket>();
  const windows = new Map<WindowId, WindowState>();
  for (const event of events) {
    if ('ticket' in event) tickets.set(event.ticket.id, event.ticket);
    if ('window' in event && event.window !== null)
      windows.set(event.window.windowId, event.window);
  }
  return {
    businessDay: day.businessDay,
    counters: day.counters,
    handling: day.handling,
    tickets: overlayMap(day.tickets, tickets),
    windows: overlayMap(day.windows, windows),
  };
}

function overlayMap<K, V>(base: ReadonlyMap<K, V>, top: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  if (top.size === 0) return base;
  const get = (key: K): V | undefined => top.get(key) ?? base.get(key);
  // An issue only adds: then iterating is the base's entries and the new ones, without a
  // lookup and a pair per entry — 4× faster over a 50,000-ticket day (npm run bench).
  let onlyAdds = true;
  for (const key of top.keys()) if (base.has(key)) onlyAdds = false;
  return {
    get,
    has: (key: K) => top.has(key) || base.has(key),
    get size() {
      let extra = 0;
      for (const key of top.keys()) if (!base.has(key)) extra += 1;
      return base.size + extra;
    },
    *entries(): MapIterator<[K, V]> {
      if (onlyAdds) {
        yield* base.entries();
        yield* top.entries();
        return;
      }
      for (const [key, value] of base) yield [key, top.get(key) ?? value];
      for (const [key, value] of top) if (!base.has(key)) yield [key, value];
    },
    *keys(): MapIterator<K> {
      for (const key of base.keys()) yield key;
      for (const key of top.keys()) if (!base.has(key)) yield key;
    },
    *values(): MapIterator<V> {
      if (onlyAdds) {
        yield* base.values();
        yield* top.values();
        return;
      }
      for (const [, value] of this.entries()) yield value;
    },
    forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
      for (const [key, value] of this.entries()) callback(value, key, this);
    },
    [Symbol.iterator](): MapIterator<[K, V]> {
      return this.entries();
    },
  };
}
