/**
 * Where an acknowledged ticket goes after the server issued it: a thermal printer on a hall
 * kiosk (ESC/POS, plugged in by the Electron preload) or nowhere in a plain browser. The
 * kiosk only calls `print` with a ticket the server acknowledged, and never says "printed"
 * unless the output says so.
 */

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
  | { readonly printed: true }
  | { readonly printed: false; readonly reason: PrintFailure; readonly message?: string };

export interface TicketOutput {
  print(ticket: PrintableTicket): Promise<PrintResult>;
}

/** A browser has no printer: the ticket is shown on screen with its QR code only. */
export const browserTicketOutput: TicketOutput = {
  print: () => Promise.resolve({ printed: false, reason: 'no_printer' }),
};

/** The output the hall shell provides (the Electron preload sets `hallqTicketOutput`), else the browser's. */
export function defaultTicketOutput(): TicketOutput {
  const provided = (globalThis as { hallqTicketOutput?: TicketOutput }).hallqTicketOutput;
  return provided ?? browserTicketOutput;
}
