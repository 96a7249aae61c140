import { describe, expect, it } from 'vitest';
import {
  InvalidStatusReplyError,
  STATUS_REQUESTS,
  parseStatus,
  statusFromReplies,
} from './status.ts';

// Every ESC/POS status byte has bit 1 and bit 4 set: 0x12 is "nothing to report".
const QUIET = 0x12;

describe('parseStatus', () => {
  it('DLE EOT 1: bit 3 is offline', () => {
    expect(parseStatus(1, QUIET)).toEqual({ offline: false });
    expect(parseStatus(1, 0x1a)).toEqual({ offline: true });
  });

  it('DLE EOT 2: cover open, feed button, stopped by paper end, error', () => {
    const none = {
      coverOpen: false,
      feedButtonPressed: false,
      stoppedByPaperEnd: false,
      errorOccurred: false,
    };
    expect(parseStatus(2, QUIET)).toEqual(none);
    expect(parseStatus(2, 0x16)).toEqual({ ...none, coverOpen: true });
    expect(parseStatus(2, 0x1a)).toEqual({ ...none, feedButtonPressed: true });
    expect(parseStatus(2, 0x32)).toEqual({ ...none, stoppedByPaperEnd: true });
    expect(parseStatus(2, 0x52)).toEqual({ ...none, errorOccurred: true });
  });

  it('DLE EOT 3: autocutter, unrecoverable, auto-recoverable', () => {
    const none = { cutterError: false, unrecoverable: false, autoRecoverable: false };
    expect(parseStatus(3, QUIET)).toEqual(none);
    expect(parseStatus(3, 0x1a)).toEqual({ ...none, cutterError: true });
    expect(parseStatus(3, 0x32)).toEqual({ ...none, unrecoverable: true });
    expect(parseStatus(3, 0x52)).toEqual({ ...none, autoRecoverable: true });
  });

  it('DLE EOT 4: near end on bits 2-3, paper end on bits 5-6 (either bit counts)', () => {
    expect(parseStatus(4, QUIET)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(parseStatus(4, 0x1e)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(parseStatus(4, 0x16)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(parseStatus(4, 0x1a)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(parseStatus(4, 0x72)).toEqual({ paperNearEnd: false, paperOut: true });
    expect(parseStatus(4, 0x32)).toEqual({ paperNearEnd: false, paperOut: true });
    expect(parseStatus(4, 0x7e)).toEqual({ paperNearEnd: true, paperOut: true });
  });

  it('rejects bytes without the fixed bit pattern', () => {
    // bit 1 clear, bit 4 clear, bit 0 set, bit 7 set, all bits, no bits, out of range.
    for (const byte of [0x10, 0x02, 0x13, 0x92, 0xff, 0x00, 256, -1, 1.5]) {
      expect(() => parseStatus(1, byte)).toThrow(InvalidStatusReplyError);
      expect(() => parseStatus(4, byte)).toThrow(InvalidStatusReplyError);
    }
  });
});

describe('statusFromReplies', () => {
  it('sends DLE EOT 1..4 in order', () => {
    expect([...STATUS_REQUESTS]).toEqual([16, 4, 1, 16, 4, 2, 16, 4, 3, 16, 4, 4]);
  });

  it('combines the four bytes', () => {
    expect(statusFromReplies(Uint8Array.of(QUIET, QUIET, QUIET, QUIET))).toEqual({
      online: true,
      coverOpen: false,
      paperNearEnd: false,
      paperOut: false,
      cutterError: false,
      error: false,
    });
    // Cover open: the printer goes offline and says why.
    expect(statusFromReplies(Uint8Array.of(0x1a, 0x16, QUIET, QUIET))).toMatchObject({
      online: false,
      coverOpen: true,
    });
    // Printing stopped by paper end counts as paper out even if the roll sensor says nothing.
    expect(statusFromReplies(Uint8Array.of(0x1a, 0x32, QUIET, QUIET)).paperOut).toBe(true);
    // A cutter error is reported as such, not as a generic error.
    expect(statusFromReplies(Uint8Array.of(0x1a, 0x52, 0x1a, QUIET))).toMatchObject({
      cutterError: true,
      error: false,
    });
    expect(statusFromReplies(Uint8Array.of(0x1a, 0x52, 0x52, QUIET)).error).toBe(true);
    expect(statusFromReplies(Uint8Array.of(QUIET, QUIET, QUIET, 0x1e)).paperNearEnd).toBe(true);
  });

  it('a short or malformed reply is an error', () => {
    expect(() => statusFromReplies(Uint8Array.of(QUIET, QUIET, QUIET))).toThrow(
      InvalidStatusReplyError,
    );
    expect(() => statusFromReplies(Uint8Array.of(QUIET, 0x00, QUIET, QUIET))).toThrow(
      InvalidStatusReplyError,
    );
  });
});
