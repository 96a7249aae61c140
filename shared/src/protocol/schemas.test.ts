import { describe, expect, it } from 'vitest';
import {
  COMMAND_EVENT_NAMES,
  commandSchemas,
  describeIssues,
  idNumberSchema,
  isValidIdNumber,
  loginSchema,
  maskIdNumber,
  roomSchema,
  syncRequestSchema,
  ticketIdSchema,
  windowIdSchema,
  type CommandEventName,
} from './schemas.ts';

/** GB 11643-1999 check digit computed independently of the code under test. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charAt(i)) * (weights[i] ?? 0);
  // Weighted sum + check value ≡ 1 (mod 11); the value 10 is written X.
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

/** A base that needs the X check digit: found by scanning sequence numbers. */
function idEndingInX(): string {
  for (let seq = 0; seq < 1000; seq += 1) {
    const id = withCheckDigit(`32010219900101${String(seq).padStart(3, '0')}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X id found');
}

// The well-known GB 11643 sample number.
const SAMPLE = '11010519491231002X';
const NANJING = withCheckDigit('32010219900307123');
const WITH_X = idEndingInX();

const KEY = 'key-0001:abc';

/** Good payloads for every command; keyed so a new command fails to compile here. */
const GOOD: Record<CommandEventName, readonly Record<string, unknown>[]> = {
  'ticket:issue': [
    { serviceId: 'bdc-transfer' },
    { serviceId: 'bdc-transfer', priority: 'elderly', idNumber: NANJING },
    { serviceId: 'tax_1', appointmentId: 'ap-2026-1', idempotencyKey: KEY },
  ],
  'window:callNext': [{ windowId: 1 }, { windowId: 9999, idempotencyKey: KEY }],
  'ticket:call': [{ windowId: 3, ticketId: '20261124-A001' }],
  'ticket:recall': [{ ticketId: '20261124-A001' }],
  'ticket:start': [{ ticketId: '20261124-XM012' }],
  'ticket:complete': [{ ticketId: '20261124-A1000', idempotencyKey: KEY }],
  'ticket:noShow': [{ ticketId: '20261124-B042' }],
  'ticket:reactivate': [{ ticketId: '20261124-B042' }],
  'ticket:suspend': [{ ticketId: '20261124-B042' }],
  'ticket:resume': [{ ticketId: '20261124-B042' }],
  'ticket:cancel': [{ ticketId: '20261124-B042' }],
  'ticket:transfer': [
    { ticketId: '20261124-A001', toServiceId: 'si-enrolment' },
    { ticketId: '20261124-A001', toWindowId: 12, note: '补材料后到12号窗口' },
    { ticketId: '20261124-A001', toServiceId: 'x', toWindowId: 1, note: '' },
  ],
  'ticket:rate': [
    { ticketId: '20261124-A001', score: 'very_satisfied' },
    { ticketId: '20261124-A001', score: 'dissatisfied', reasons: ['slow', 'wait_long'] },
    {
      ticketId: '20261124-A001',
      score: 'very_dissatisfied',
      comment: '材料说明不清',
      caseNumber: 'BJ-1',
    },
  ],
  'window:open': [{ windowId: 5 }],
  'window:close': [{ windowId: 5 }],
  'window:pause': [
    { windowId: 5, reason: '午休' },
    { windowId: 5, reason: '临时离开', idempotencyKey: KEY },
  ],
  'window:resume': [{ windowId: 5 }],
  'day:close': [{}, { idempotencyKey: KEY }],
};

const TICKET_COMMANDS = COMMAND_EVENT_NAMES.filter((n) => 'ticketId' in (GOOD[n][0] ?? {}));
const WINDOW_COMMANDS = COMMAND_EVENT_NAMES.filter((n) => 'windowId' in (GOOD[n][0] ?? {}));

function accepts(name: CommandEventName, payload: unknown): boolean {
  return commandSchemas[name].safeParse(payload).success;
}

describe('command schemas', () => {
  it('has a schema for each of the 18 commands', () => {
    expect(COMMAND_EVENT_NAMES).toHaveLength(18);
    expect(new Set(COMMAND_EVENT_NAMES)).toEqual(new Set(Object.keys(GOOD)));
    for (const name of COMMAND_EVENT_NAMES) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it.each(COMMAND_EVENT_NAMES)('%s accepts good payloads', (name) => {
    for (const payload of GOOD[name]) {
      const result = commandSchemas[name].safeParse(payload);
      if (!result.success) throw new Error(`${name}: ${describeIssues(result.error)}`);
    }
  });

  it.each(COMMAND_EVENT_NAMES)('%s refuses extra keys, non-objects and wrong types', (name) => {
    for (const payload of GOOD[name]) {
      expect(accepts(name, { ...payload, extra: 1 })).toBe(false);
      expect(accepts(name, { ...payload, actor: { kind: 'system' } })).toBe(false);
    }
    expect(accepts(name, null)).toBe(false);
    expect(accepts(name, 'payload')).toBe(false);
    expect(accepts(name, [])).toBe(false);
    const good = GOOD[name][0] ?? {};
    for (const key of Object.keys(good)) {
      expect(accepts(name, { ...good, [key]: true })).toBe(false);
      expect(accepts(name, { ...good, [key]: null })).toBe(false);
    }
  });

  it.each(COMMAND_EVENT_NAMES)('%s checks the idempotency key', (name) => {
    const good = GOOD[name][0] ?? {};
    expect(accepts(name, { ...good, idempotencyKey: 'a'.repeat(8) })).toBe(true);
    expect(accepts(name, { ...good, idempotencyKey: 'a'.repeat(100) })).toBe(true);
    expect(accepts(name, { ...good, idempotencyKey: 'a'.repeat(7) })).toBe(false);
    expect(accepts(name, { ...good, idempotencyKey: 'a'.repeat(101) })).toBe(false);
    expect(accepts(name, { ...good, idempotencyKey: 'has space1' })).toBe(false);
    expect(accepts(name, { ...good, idempotencyKey: 'slash/key1' })).toBe(false);
    expect(accepts(name, { ...good, idempotencyKey: 12345678 })).toBe(false);
  });

  const badTicketIds: readonly unknown[] = [
    '',
    'A001',
    '2026-11-24-A001',
    '20261124-a001',
    '20261124-A01',
    '20261124-A123456',
    '20261124-ABC001',
    '2026112-A001',
    '20261124A001',
    ' 20261124-A001',
    '20261124-A001\n',
    '20261124-A001; DROP TABLE',
    20261124,
  ];
  it.each(TICKET_COMMANDS)('%s refuses bad ticket ids', (name) => {
    const good = GOOD[name][0] ?? {};
    for (const ticketId of badTicketIds) expect(accepts(name, { ...good, ticketId })).toBe(false);
    const { ticketId: _omit, ...missing } = good;
    expect(accepts(name, missing)).toBe(false);
  });

  const badWindowIds: readonly unknown[] = [0, -1, 1.5, 10_000, '1', Number.NaN, Infinity];
  it.each(WINDOW_COMMANDS)('%s refuses bad window ids', (name) => {
    const good = GOOD[name][0] ?? {};
    for (const windowId of badWindowIds) expect(accepts(name, { ...good, windowId })).toBe(false);
    const { windowId: _omit, ...missing } = good;
    expect(accepts(name, missing)).toBe(false);
  });

  it('ticket:issue defaults the priority to normal and checks its fields', () => {
    const parsed = commandSchemas['ticket:issue'].parse({ serviceId: 'bdc-transfer' });
    expect(parsed).toEqual({ serviceId: 'bdc-transfer', priority: 'normal' });
    const issue = (extra: Record<string, unknown>): boolean =>
      accepts('ticket:issue', { serviceId: 'bdc-transfer', ...extra });
    expect(issue({ priority: 'vip' })).toBe(false);
    expect(issue({ priority: 'green' })).toBe(false);
    for (const p of ['elderly', 'disabled', 'pregnant', 'military', 'appointment', 'normal']) {
      expect(issue({ priority: p })).toBe(true);
    }
    expect(issue({ idNumber: WITH_X })).toBe(true);
    expect(issue({ idNumber: WITH_X.toLowerCase() })).toBe(true);
    expect(issue({ idNumber: NANJING.slice(0, 17) + String((Number(NANJING[17]) + 1) % 10) })).toBe(
      false,
    );
    expect(issue({ idNumber: '3201021990030712' })).toBe(false);
    expect(issue({ appointmentId: '' })).toBe(false);
    expect(issue({ appointmentId: 'a'.repeat(64) })).toBe(true);
    expect(issue({ appointmentId: 'a'.repeat(65) })).toBe(false);
    // Service ids: lower-case slugs up to 40 characters.
    const svc = (serviceId: unknown): boolean => accepts('ticket:issue', { serviceId });
    expect(svc('a'.repeat(40))).toBe(true);
    expect(svc('a'.repeat(41))).toBe(false);
    expect(svc('')).toBe(false);
    expect(svc('BDC')).toBe(false);
    expect(svc('-bdc')).toBe(false);
    expect(svc('bdc transfer')).toBe(false);
    expect(svc('不动产')).toBe(false);
  });

  it('ticket:transfer needs a target and limits the note to 200 characters', () => {
    const t = (extra: Record<string, unknown>): boolean =>
      accepts('ticket:transfer', { ticketId: '20261124-A001', ...extra });
    expect(t({})).toBe(false);
    expect(t({ note: 'x' })).toBe(false);
    expect(t({ toServiceId: 'tax', note: '补'.repeat(200) })).toBe(true);
    expect(t({ toServiceId: 'tax', note: '补'.repeat(201) })).toBe(false);
    expect(t({ toServiceId: 'Tax' })).toBe(false);
    expect(t({ toWindowId: 0 })).toBe(false);
    expect(t({ toServiceId: null })).toBe(false);
  });

  it('window:pause needs a reason of 1–40 characters after trimming', () => {
    const p = (reason: unknown): boolean => accepts('window:pause', { windowId: 1, reason });
    expect(p('午休')).toBe(true);
    expect(p('x'.repeat(40))).toBe(true);
    expect(p('x'.repeat(41))).toBe(false);
    expect(p('')).toBe(false);
    expect(p('   ')).toBe(false);
    expect(p(42)).toBe(false);
    expect(accepts('window:pause', { windowId: 1 })).toBe(false);
    expect(commandSchemas['window:pause'].parse({ windowId: 1, reason: '  会议 ' }).reason).toBe(
      '会议',
    );
  });

  it('describeIssues names the paths, at most five', () => {
    const result = commandSchemas['ticket:call'].safeParse({ windowId: 'x', ticketId: 1 });
    expect(result.success).toBe(false);
    if (!result.success) {
      const line = describeIssues(result.error);
      expect(line).toContain('windowId');
      expect(line).toContain('ticketId');
    }
    const many = syncRequestSchema.safeParse({ after: -1, rooms: ['a', 'b', 'c', 'd', 'e', 'f'] });
    if (many.success) throw new Error('expected failure');
    expect(describeIssues(many.error).split('; ').length).toBeLessThanOrEqual(5);
    const top = commandSchemas['day:close'].safeParse('x');
    if (top.success) throw new Error('expected failure');
    expect(describeIssues(top.error)).toMatch(/^payload: /);
  });
});

describe('ids', () => {
  it('ticketIdSchema and windowIdSchema on their own', () => {
    expect(ticketIdSchema.safeParse('20261124-A001').success).toBe(true);
    expect(ticketIdSchema.safeParse('20261124-XM99999').success).toBe(true);
    expect(ticketIdSchema.safeParse('20261124-XM999999').success).toBe(false);
    expect(windowIdSchema.safeParse(1).success).toBe(true);
    expect(windowIdSchema.safeParse(108).success).toBe(true);
    expect(windowIdSchema.safeParse(0).success).toBe(false);
  });
});

describe('resident ID numbers', () => {
  it('accepts numbers with a correct GB 11643 check digit', () => {
    expect(isValidIdNumber(SAMPLE)).toBe(true);
    expect(isValidIdNumber(SAMPLE.toLowerCase())).toBe(true);
    expect(isValidIdNumber(NANJING)).toBe(true);
    expect(isValidIdNumber(WITH_X)).toBe(true);
    for (const base of ['44030619850612045', '51010419700101001', '65010219991231999']) {
      expect(isValidIdNumber(withCheckDigit(base))).toBe(true);
    }
  });

  it('refuses every wrong check digit and malformed strings', () => {
    const base = NANJING.slice(0, 17);
    const right = NANJING.charAt(17);
    for (const d of '0123456789X') {
      expect(isValidIdNumber(base + d)).toBe(d === right);
    }
    expect(isValidIdNumber('')).toBe(false);
    expect(isValidIdNumber(base)).toBe(false);
    expect(isValidIdNumber(`${NANJING}0`)).toBe(false);
    expect(isValidIdNumber(`X${NANJING.slice(1)}`)).toBe(false);
    expect(isValidIdNumber('320102-19900307-1')).toBe(false);
    expect(isValidIdNumber(` ${NANJING.slice(1)}`)).toBe(false);
    // A 15-digit old-style number is not accepted.
    expect(isValidIdNumber('320102900307123')).toBe(false);
    // A swapped pair of digits changes the checksum.
    const swapped = `${base.slice(0, 6)}${base.charAt(7)}${base.charAt(6)}${base.slice(8)}${right}`;
    expect(isValidIdNumber(swapped)).toBe(false);
  });

  it('idNumberSchema matches isValidIdNumber', () => {
    expect(idNumberSchema.safeParse(NANJING).success).toBe(true);
    expect(idNumberSchema.safeParse(SAMPLE).success).toBe(true);
    expect(idNumberSchema.safeParse(`${NANJING.slice(0, 17)}X`).success).toBe(
      isValidIdNumber(`${NANJING.slice(0, 17)}X`),
    );
    expect(idNumberSchema.safeParse(123).success).toBe(false);
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber('320102199003071234')).toBe('3201**********1234');
    expect(maskIdNumber(SAMPLE)).toBe('1101**********002X');
    expect(maskIdNumber('320102199003071234')).toHaveLength(18);
    expect(maskIdNumber('123456789')).toBe('1234*6789');
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('rooms and sync', () => {
  it('roomSchema accepts hall, zones, windows and the admin rooms only', () => {
    for (const room of [
      'hall',
      'zone:A',
      'zone:XM',
      'window:1',
      'window:9999',
      'admin',
      'admin:zone:B',
    ]) {
      expect(roomSchema.safeParse(room).success).toBe(true);
    }
    for (const room of [
      'Hall',
      'zone:',
      'zone:a',
      'zone:ABC',
      'window:',
      'window:12345',
      'window:-1',
      'window:1a',
      'zone:A ',
      'Admin',
      'admin:',
      'admin:zone:',
      'admin:zone:a',
      'admin:window:1',
      1,
    ]) {
      expect(roomSchema.safeParse(room).success).toBe(false);
    }
  });

  it('syncRequestSchema: after ≥ 0 integer, 1–20 valid rooms, nothing else', () => {
    const ok = (v: unknown): boolean => syncRequestSchema.safeParse(v).success;
    expect(ok({ after: 0, rooms: ['hall'] })).toBe(true);
    expect(ok({ after: 1234, rooms: ['zone:A', 'window:1'] })).toBe(true);
    expect(ok({ after: 0, rooms: Array.from({ length: 20 }, (_, i) => `window:${i + 1}`) })).toBe(
      true,
    );
    expect(ok({ after: 0, rooms: Array.from({ length: 21 }, (_, i) => `window:${i + 1}`) })).toBe(
      false,
    );
    expect(ok({ after: 0, rooms: [] })).toBe(false);
    expect(ok({ after: 0, rooms: ['hall', 'secret'] })).toBe(false);
    expect(ok({ after: -1, rooms: ['hall'] })).toBe(false);
    expect(ok({ after: 1.5, rooms: ['hall'] })).toBe(false);
    expect(ok({ after: '0', rooms: ['hall'] })).toBe(false);
    expect(ok({ rooms: ['hall'] })).toBe(false);
    expect(ok({ after: 0, rooms: 'hall' })).toBe(false);
    expect(ok({ after: 0, rooms: ['hall'], extra: true })).toBe(false);
  });

  it('loginSchema', () => {
    const ok = (v: unknown): boolean => loginSchema.safeParse(v).success;
    expect(ok({ staffId: 'w005', password: 'x' })).toBe(true);
    expect(ok({ staffId: 'w005', password: 'x', windowId: 5 })).toBe(true);
    expect(ok({ staffId: '', password: 'x' })).toBe(false);
    expect(ok({ staffId: 'w005', password: '' })).toBe(false);
    expect(ok({ staffId: 'w'.repeat(41), password: 'x' })).toBe(false);
    expect(ok({ staffId: 'w005', password: 'x'.repeat(201) })).toBe(false);
    expect(ok({ staffId: 'w005', password: 'x', windowId: 0 })).toBe(false);
    expect(ok({ staffId: 'w005', password: 'x', role: 'admin' })).toBe(false);
  });
});
