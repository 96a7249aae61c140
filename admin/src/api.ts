/**
 * The admin pages' REST calls (same origin as the page): each answers `Ack<T>`, with a typed
 * error when the server refuses or cannot be reached. Contract: shared/src/protocol/devices.ts.
 */
import type {
  Ack,
  DeviceSummary,
  DomainError,
  HallConfig,
  PairingCode,
} from '../../shared/src/index.ts';

export type AdminRole = 'admin' | 'manager' | 'zone_lead';

/** The signed-in session (admin, manager or zone lead), kept per browser tab. */
export interface AdminSession {
  readonly token: string;
  readonly staffId: string;
  readonly name: string;
  readonly role: AdminRole;
  /** The zones of a zone lead (首席代表); empty for admins and managers. */
  readonly zoneIds: readonly string[];
}

export function isAdminRole(role: string): role is AdminRole {
  return role === 'admin' || role === 'manager' || role === 'zone_lead';
}

const KEY = 'hallq.admin.session';

export function loadSession(): AdminSession | null {
  try {
    const raw = globalThis.sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<AdminSession>;
    if (
      typeof parsed.token === 'string' &&
      typeof parsed.staffId === 'string' &&
      typeof parsed.name === 'string' &&
      typeof parsed.role === 'string' &&
      isAdminRole(parsed.role)
    ) {
      return {
        token: parsed.token,
        staffId: parsed.staffId,
        name: parsed.name,
        role: parsed.role,
        zoneIds: Array.isArray(parsed.zoneIds)
          ? parsed.zoneIds.filter((z): z is string => typeof z === 'string')
          : [],
      };
    }
    return null;
  } catch {
    return null;
  }
}

export function saveSession(session: AdminSession | null): void {
  if (session === null) globalThis.sessionStorage.removeItem(KEY);
  else globalThis.sessionStorage.setItem(KEY, JSON.stringify(session));
}

/**
 * One REST call of the console: JSON in, `{ data }` or `{ error }` out, as `Ack<T>`; every
 * page's api module goes through it.
 */
export async function call<T>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Ack<T>> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${globalThis.location.origin}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const parsed = (await response.json()) as { data?: T; error?: DomainError };
    if (response.ok && parsed.data !== undefined) return { ok: true, data: parsed.data };
    return {
      ok: false,
      error: parsed.error ?? { code: 'internal', message: `HTTP ${response.status}` },
    };
  } catch {
    return {
      ok: false,
      error: { code: 'unavailable', message: 'The hall server cannot be reached.' },
    };
  }
}

/** What the create and edit forms send (see createDeviceSchema / updateDeviceSchema). */
export interface DeviceInput {
  readonly name: string;
  readonly role: DeviceSummary['role'];
  readonly windowId: number | null;
  readonly binding: Readonly<Record<string, unknown>>;
  readonly pin?: string;
}

export const adminApi = {
  hall: (): Promise<Ack<HallConfig>> => call('GET', '/api/v1/hall', null),
  logout: (token: string): Promise<Ack<unknown>> => call('POST', '/api/v1/auth/logout', token, {}),
  devices: (token: string): Promise<Ack<DeviceSummary[]>> => call('GET', '/api/v1/devices', token),
  create: (
    token: string,
    input: DeviceInput,
  ): Promise<Ack<{ device: DeviceSummary; pairing: PairingCode }>> =>
    call('POST', '/api/v1/devices', token, input),
  update: (
    token: string,
    deviceId: string,
    input: Omit<DeviceInput, 'role'>,
  ): Promise<Ack<{ device: DeviceSummary }>> =>
    call('PATCH', `/api/v1/devices/${encodeURIComponent(deviceId)}`, token, input),
  newCode: (token: string, deviceId: string): Promise<Ack<{ pairing: PairingCode }>> =>
    call('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/pairing-code`, token, {}),
  revoke: (token: string, deviceId: string): Promise<Ack<{ device: DeviceSummary }>> =>
    call('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`, token, {}),
};
