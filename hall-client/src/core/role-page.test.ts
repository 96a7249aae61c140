import { describe, expect, it } from 'vitest';
import { offlinePageUrl, roleUrl } from './role-page.ts';
import { sampleConfig } from './test-support.ts';

const SERVER = 'http://192.168.1.10:8080';

describe('role pages', () => {
  it('loads each role’s UI from the server, with the binding in the query', () => {
    expect(roleUrl(SERVER, sampleConfig('kiosk'))).toBe(`${SERVER}/kiosk`);
    expect(roleUrl(`${SERVER}/`, sampleConfig('counter'))).toBe(`${SERVER}/counter`);
    expect(roleUrl(SERVER, sampleConfig('rating'))).toBe(`${SERVER}/rate?window=5`);
    expect(roleUrl(SERVER, sampleConfig('display'))).toBe(`${SERVER}/display?screen=hall`);
    const zone = sampleConfig('display', { screen: 'zone:A', audio: 'floor:1,4' });
    const url = new URL(roleUrl(SERVER, zone));
    expect(url.pathname).toBe('/display');
    expect(url.searchParams.get('screen')).toBe('zone:A');
    expect(url.searchParams.get('audio')).toBe('floor:1,4');
  });

  it('the offline page gets role, server, since and reason as checked query parameters', () => {
    const url = new URL(
      offlinePageUrl('file:///opt/HallQ/pages/', {
        role: 'kiosk',
        serverUrl: SERVER,
        since: 1234,
        reason: `x&y=<b>${'z'.repeat(400)}`,
      }),
    );
    expect(url.pathname).toBe('/opt/HallQ/pages/offline.html');
    expect(url.searchParams.get('role')).toBe('kiosk');
    expect(url.searchParams.get('server')).toBe(SERVER);
    expect(url.searchParams.get('since')).toBe('1234');
    expect(url.searchParams.get('reason')).toHaveLength(300);
    expect(url.searchParams.get('reason')?.startsWith('x&y=<b>')).toBe(true);
  });
});
