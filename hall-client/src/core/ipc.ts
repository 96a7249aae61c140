/**
 * The IPC between the preload (renderer side) and the main process: channel names per page,
 * zod schemas of every payload, and the handlers as plain functions. main.ts registers each
 * with `ipcMain.handle` behind `checkIpcSender` (security.ts); the preload calls them with
 * `ipcRenderer.invoke` and never exposes ipcRenderer itself.
 *
 * Channel names and the window arguments are in channels.ts (the preload's only import).
 */
import { ticketIdSchema, type DeviceConfig } from '@hallq/shared';
import { z } from 'zod';
import type {
  ExitResult,
  PairingRequest,
  PairingResult,
  ShellPrintResult,
} from '../../../shared/src/client/shell-bridge.ts';
import { CHANNELS, channelsOf, type Channel, type ShellPage } from './channels.ts';
import type { PinCheck } from './lockdown.ts';

export * from './channels.ts';
export type { ExitResult };

/** The payload of `kiosk:printTicket`. */
export const printTicketRequestSchema = z.strictObject({
  ticketId: ticketIdSchema,
  lang: z.enum(['zh-CN', 'en']),
});
export type PrintTicketRequest = z.infer<typeof printTicketRequestSchema>;

const noPayload = z.undefined();

/** Payload schemas, one per channel. */
export const PAYLOADS = {
  [CHANNELS.deviceToken]: noPayload,
  [CHANNELS.deviceConfig]: noPayload,
  [CHANNELS.tap]: z.strictObject({
    x: z.number().min(-100_000).max(100_000),
    y: z.number().min(-100_000).max(100_000),
  }),
  [CHANNELS.printTicket]: printTicketRequestSchema,
  [CHANNELS.pairSubmit]: z.strictObject({
    serverUrl: z.string().max(300),
    code: z.string().max(40),
  }),
  [CHANNELS.exitSubmit]: z.strictObject({ pin: z.string().max(40) }),
  [CHANNELS.exitCancel]: noPayload,
} as const satisfies Record<Channel, z.ZodType>;

/** Maps a PIN check to what the exit page receives. */
export function exitResult(check: PinCheck): ExitResult {
  if (check.ok) return { ok: true };
  return {
    ok: false,
    reason: check.reason,
    message: check.message,
    retryAfterMs: check.reason === 'locked' ? check.retryAfterMs : null,
  };
}

/** What the handlers call in the shell. */
export interface IpcDeps {
  deviceToken(): string;
  deviceConfig(): DeviceConfig;
  tap(tap: { x: number; y: number }): void;
  printTicket(request: PrintTicketRequest): Promise<ShellPrintResult>;
  submitPairing(request: PairingRequest): Promise<PairingResult>;
  submitExitPin(pin: string): Promise<ExitResult>;
  cancelExit(): void;
}

/** An IPC call with a payload that is not what the channel takes (a bug in the page). */
export class IpcPayloadError extends Error {
  override readonly name = 'IpcPayloadError';
}

export type IpcHandler = (payload: unknown) => Promise<unknown>;

function validated<C extends Channel>(
  channel: C,
  run: (payload: z.infer<(typeof PAYLOADS)[C]>) => unknown,
): IpcHandler {
  return async (payload) => {
    const parsed = PAYLOADS[channel].safeParse(payload);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join('.') || 'payload'}: ${i.message}`,
      );
      throw new IpcPayloadError(`${channel}: ${problems.join('; ')}`);
    }
    return run(parsed.data as z.infer<(typeof PAYLOADS)[C]>);
  };
}

/** The handlers of one page's channels (and only those), validating every payload. */
export function makeIpcHandlers(page: ShellPage, deps: IpcDeps): Map<Channel, IpcHandler> {
  const all: Record<Channel, IpcHandler> = {
    [CHANNELS.deviceToken]: validated(CHANNELS.deviceToken, () => deps.deviceToken()),
    [CHANNELS.deviceConfig]: validated(CHANNELS.deviceConfig, () => deps.deviceConfig()),
    [CHANNELS.tap]: validated(CHANNELS.tap, (tap) => {
      deps.tap(tap);
      return null;
    }),
    [CHANNELS.printTicket]: validated(CHANNELS.printTicket, (request) => deps.printTicket(request)),
    [CHANNELS.pairSubmit]: validated(CHANNELS.pairSubmit, (request) => deps.submitPairing(request)),
    [CHANNELS.exitSubmit]: validated(CHANNELS.exitSubmit, ({ pin }) => deps.submitExitPin(pin)),
    [CHANNELS.exitCancel]: validated(CHANNELS.exitCancel, () => {
      deps.cancelExit();
      return null;
    }),
  };
  return new Map(channelsOf(page).map((channel) => [channel, all[channel]] as const));
}
