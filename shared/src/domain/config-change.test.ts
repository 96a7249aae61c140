import { describe, expect, it } from 'vitest';
import {
  IDC,
  SEAL,
  TEST_DAY,
  W1,
  W2,
  makeService,
  makeTicket,
  makeWindowDef,
  makeWindowState,
  testConfig,
} from '../testing/factories.ts';
import { checkConfigChange } from './config-change.ts';
import type { HallConfig, HallState, Ticket, WindowState } from './model.ts';

const config: HallConfig = testConfig({
  services: [makeService({ id: IDC, prefix: 'A' }), makeService({ id: SEAL, prefix: 'K' })],
  windows: [makeWindowDef(W1), makeWindowDef(W2)],
});

function stateWith(tickets: Ticket[], windows: WindowState[] = []): HallState {
  return {
    config,
    day: {
      businessDay: TEST_DAY,
      counters: new Map(tickets.length > 0 ? [['A', tickets.length]] : []),
      tickets: new Map(tickets.map((t) => [t.id, t])),
      windows: new Map(
        [W1, W2].map((id) => [
          id,
          windows.find((w) => w.windowId === id) ??
            makeWindowState({ windowId: id, state: 'closed' }),
        ]),
      ),
      handling: new Map(),
    },
  };
}

const withoutIdc: HallConfig = { ...config, services: config.services.filter((s) => s.id !== IDC) };
const withoutW2: HallConfig = { ...config, windows: config.windows.filter((w) => w.id !== W2) };

describe('checkConfigChange', () => {
  it('lets anything change on a quiet day', () => {
    expect(checkConfigChange(stateWith([]), withoutIdc)).toEqual([]);
    expect(checkConfigChange(stateWith([]), withoutW2)).toEqual([]);
  });

  it('keeps services with open tickets, but not those whose tickets are done', () => {
    const waiting = makeTicket({ serviceId: IDC, state: 'waiting' });
    expect(checkConfigChange(stateWith([waiting]), withoutIdc)).toEqual([
      'Service idc cannot be removed: 1 of its tickets are still open today.',
    ]);
    const done = makeTicket({ serviceId: IDC, state: 'done' });
    expect(checkConfigChange(stateWith([done]), withoutIdc)).toEqual([]);
  });

  it('keeps a prefix that numbered tickets today', () => {
    const renamed: HallConfig = {
      ...config,
      services: config.services.map((s) => (s.id === IDC ? { ...s, prefix: 'B' } : s)),
    };
    expect(checkConfigChange(stateWith([makeTicket({ state: 'done' })]), renamed)).toHaveLength(1);
    // The seal service (K) issued nothing today: its prefix may change.
    const seal: HallConfig = {
      ...config,
      services: config.services.map((s) => (s.id === SEAL ? { ...s, prefix: 'S' } : s)),
    };
    expect(checkConfigChange(stateWith([makeTicket({ state: 'done' })]), seal)).toEqual([]);
  });

  it('keeps windows that are open or have tickets waiting for them by name', () => {
    const open = makeWindowState({ windowId: W2, state: 'idle' });
    expect(checkConfigChange(stateWith([], [open]), withoutW2)).toEqual([
      'Window 2 cannot be removed while it is idle; close it first.',
    ]);
    const targeted = makeTicket({ targetWindowId: W2 });
    expect(checkConfigChange(stateWith([targeted]), withoutW2)).toEqual([
      'Window 2 cannot be removed: 1 tickets wait for it by name.',
    ]);
  });
});
