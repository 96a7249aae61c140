import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE,
  inAudioScope,
  parseAudioScope,
  voiceSettings,
  volumeAt,
  type VoiceSettings,
} from './settings.ts';

const at = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

describe('voice settings', () => {
  it('fills what a hall leaves out from the defaults', () => {
    expect(voiceSettings(null)).toBe(DEFAULT_VOICE);
    const own = voiceSettings({
      voice: {
        repeat: 3,
        template: { ...DEFAULT_VOICE.template, zh: '请{number}号到{window}号窗口' },
      },
    });
    expect(own.repeat).toBe(3);
    expect(own.template.zh).toBe('请{number}号到{window}号窗口');
    expect(own.template.recallZh).toBe('请注意');
    expect(own.staleAfterSec).toBe(DEFAULT_VOICE.staleAfterSec);
  });

  it('follows the volume periods through the day, wrapping before the first', () => {
    const s: VoiceSettings = {
      ...DEFAULT_VOICE,
      volume: [
        { from: '12:00', volume: 0.5 },
        { from: '08:00', volume: 1 },
        { from: '18:00', volume: 0.3 },
      ],
      quietHours: [],
    };
    expect(volumeAt(s, at('07:59'))).toBe(0.3);
    expect(volumeAt(s, at('08:00'))).toBe(1);
    expect(volumeAt(s, at('12:30'))).toBe(0.5);
    expect(volumeAt(s, at('18:00'))).toBe(0.3);
    expect(volumeAt({ ...s, volume: [] }, at('10:00'))).toBe(1);
    expect(volumeAt({ ...s, volume: [{ from: '00:00', volume: 3 }] }, at('10:00'))).toBe(1);
  });

  it('is silent in quiet hours (also across midnight) and when voice is off', () => {
    const s: VoiceSettings = {
      ...DEFAULT_VOICE,
      quietHours: [
        { from: '12:00', to: '13:30' },
        { from: '22:00', to: '06:00' },
      ],
    };
    expect(volumeAt(s, at('11:59'))).toBeGreaterThan(0);
    expect(volumeAt(s, at('12:00'))).toBe(0);
    expect(volumeAt(s, at('13:29'))).toBe(0);
    expect(volumeAt(s, at('13:30'))).toBeGreaterThan(0);
    expect(volumeAt(s, at('23:00'))).toBe(0);
    expect(volumeAt(s, at('05:59'))).toBe(0);
    expect(volumeAt({ ...DEFAULT_VOICE, mode: 'off' }, at('10:00'))).toBe(0);
  });

  it('parses audio scopes and matches zones and floors', () => {
    expect(parseAudioScope('all')).toEqual({ kind: 'all' });
    expect(parseAudioScope('none')).toEqual({ kind: 'none' });
    expect(parseAudioScope('floor:1,4')).toEqual({ kind: 'floors', floorIds: [1, 4] });
    expect(parseAudioScope('zone:a,B')).toEqual({ kind: 'zones', zoneIds: ['A', 'B'] });
    for (const bad of ['', 'floor:', 'zone:1', 'floor:x', 'zones:A;B', 'everything']) {
      expect(parseAudioScope(bad)).toBeNull();
    }
    const zones = parseAudioScope('zone:B') ?? { kind: 'none' };
    expect(inAudioScope(zones, { id: 'B', floorId: 1 })).toBe(true);
    expect(inAudioScope(zones, { id: 'A', floorId: 1 })).toBe(false);
    const floor = parseAudioScope('floor:4') ?? { kind: 'none' };
    expect(inAudioScope(floor, { id: 'E', floorId: 4 })).toBe(true);
    expect(inAudioScope(floor, { id: 'A', floorId: 1 })).toBe(false);
  });
});
