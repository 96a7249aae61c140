import type { DeviceId, StaffId, WindowId, ZoneId } from './ids.ts';

export const STAFF_ROLES = ['admin', 'manager', 'zone_lead', 'clerk', 'guide'] as const;
/** admin and manager run the hall; a zone lead (首席代表) its zones; a guide (导办台) issues for visitors. */
export type StaffRole = (typeof STAFF_ROLES)[number];

export const DEVICE_ROLES = ['kiosk', 'display', 'counter', 'rating'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** Who sends a command. The server authenticates; the domain authorises. */
export type Actor =
  | {
      readonly kind: 'staff';
      readonly staffId: StaffId;
      readonly role: StaffRole;
      /** The window this session is signed in to (clerks). */
      readonly windowId: WindowId | null;
      /** Zones a zone lead is responsible for. */
      readonly zoneIds: readonly ZoneId[];
    }
  | {
      readonly kind: 'device';
      readonly deviceId: DeviceId;
      readonly role: DeviceRole;
      readonly windowId: WindowId | null;
    }
  | { readonly kind: 'integration'; readonly keyId: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'system' };

/** A short label for logs and the audit trail. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `staff:${actor.staffId}`;
    case 'device':
      return `device:${actor.deviceId}`;
    case 'integration':
      return `integration:${actor.keyId}`;
    case 'anonymous':
      return 'anonymous';
    case 'system':
      return 'system';
  }
}
