/**
 * Where an acknowledged ticket goes after the server issued it: a thermal printer on a hall
 * kiosk (ESC/POS, printed by the hall client's main process through `window.hallq`), the
 * server's print relay for a paired web kiosk, or nowhere in a plain browser. The
 * kiosk only calls `print` with a ticket the server acknowledged, and never says "printed"
 * unless the output says so.
 */
import { shellFor, type KioskShell } from '../../shared/src/client/shell-bridge.ts';

/** Everything printed on a ticket, already in the visitor's language. */
export interface PrintableTicket {
  readonly ticketId: string;
  readonly number: string;
  readonly hallName: string;
  readonly serviceName: string;
  /** Zone letter, e.g. A. */
  readonly zoneId: string;
  readonly zoneName: string;
  readonly floorName: string;
  /** Where to wait, e.g. 一楼大厅中央. */
  readonly location: string;
  readonly ahead: number;
  /** The estimated wait as text (约 12 分钟 / no window open). */
  readonly waitText: string;
  /** Green-channel kind as text; null for a normal ticket. */
  readonly priorityText: string | null;
  readonly issuedAt: number;
  readonly timeZone: string;
  /** Encoded in the ticket's QR code. */
  readonly qrUrl: string;
  /** 一次性告知: required materials (may be empty). */
  readonly materials: readonly string[];
  readonly lang: string;
}

export type PrintFailure = 'no_printer' | 'paper_out' | 'offline' | 'cover_open' | 'error';

export type PrintResult =
  | {
      readonly printed: true;
      /** The roll is nearly used up: staff are alerted, the visitor still takes the ticket. */
      readonly paperNearEnd?: boolean;
    }
  | { readonly printed: false; readonly reason: PrintFailure; readonly message?: string };

export interface TicketOutput {
  print(ticket: PrintableTicket): Promise<PrintResult>;
}

/** A browser has no printer: the ticket is shown on screen with its QR code only. */
export const browserTicketOutput: TicketOutput = {
  print: () => Promise.resolve({ printed: false, reason: 'no_printer' }),
};

/** The print result the server's relay answers with (kiosk/printer/printer.ts `PrintResult`). */
interface RelayReply {
  readonly data?: {
    readonly printed?: boolean;
    readonly reason?: string;
    readonly message?: string;
    readonly status?: { readonly paperNearEnd?: boolean } | null;
  };
  readonly error?: { readonly message?: string; readonly details?: { readonly reason?: string } };
}

const RELAY_FAILURES: ReadonlySet<string> = new Set([
  'offline',
  'paper_out',
  'cover_open',
  'error',
]);

function isFailure(reason: string | undefined): reason is PrintFailure {
  return reason !== undefined && RELAY_FAILURES.has(reason);
}

/**
 * A web kiosk on the hall LAN without Electron: the server prints on the network printer bound
 * to this kiosk's device token (`POST /api/v1/print/tickets/:id`). Anything but the server's
 * "printed" — a refusal, a network error, a reply we cannot read — is "not printed", so the
 * visitor is told to keep the number from the screen.
 */
export function relayTicketOutput(token: string, base = ''): TicketOutput {
  return {
    print: async (ticket) => {
      let response: Response;
      let reply: RelayReply;
      try {
        response = await fetch(
          `${base}/api/v1/print/tickets/${encodeURIComponent(ticket.ticketId)}`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ lang: ticket.lang === 'en' ? 'en' : 'zh-CN' }),
          },
        );
        reply = (await response.json()) as RelayReply;
      } catch (error) {
        return { printed: false, reason: 'error', message: String(error) };
      }
      const data = reply.data;
      if (response.ok && data?.printed === true) {
        return { printed: true, paperNearEnd: data.status?.paperNearEnd === true };
      }
      if (response.ok && isFailure(data?.reason)) {
        return { printed: false, reason: data.reason, message: data.message ?? '' };
      }
      const noPrinter = reply.error?.details?.reason === 'no_printer';
      return {
        printed: false,
        reason: noPrinter ? 'no_printer' : 'error',
        message: reply.error?.message ?? `HTTP ${response.status}`,
      };
    },
  };
}

/**
 * A kiosk inside the hall client: the shell prints on the kiosk's own printer (its binding's
 * printerUrl) from the main process. A rejected call or a reply that does not say "printed"
 * is "not printed", like the relay.
 */
export function shellTicketOutput(shell: Pick<KioskShell, 'printTicket'>): TicketOutput {
  return {
    print: async (ticket) => {
      let reply: unknown;
      try {
        reply = await shell.printTicket({
          ticketId: ticket.ticketId,
          lang: ticket.lang === 'en' ? 'en' : 'zh-CN',
        });
      } catch (error) {
        return {
          printed: false,
          reason: 'error',
          message: error instanceof Error ? error.message : String(error),
        };
      }
      const result = reply as Partial<
        Record<'printed' | 'paperNearEnd' | 'reason' | 'message', unknown>
      > | null;
      if (result?.printed === true)
        return { printed: true, paperNearEnd: result.paperNearEnd === true };
      const reason = typeof result?.reason === 'string' ? result.reason : undefined;
      const message =
        typeof result?.message === 'string' ? result.message : 'no reply from the printer';
      if (reason === 'no_printer') return { printed: false, reason, message };
      return { printed: false, reason: isFailure(reason) ? reason : 'error', message };
    },
  };
}

/**
 * The output for this kiosk: the hall shell's printer when the page runs inside the hall
 * client, else the server's print relay for a paired web kiosk (`?token=`), else the
 * browser's (no printer).
 */
export function defaultTicketOutput(
  token: string | null = null,
  shell: Pick<KioskShell, 'printTicket'> | undefined = shellFor('kiosk'),
): TicketOutput {
  if (shell !== undefined) return shellTicketOutput(shell);
  return token === null || token === '' ? browserTicketOutput : relayTicketOutput(token);
}
