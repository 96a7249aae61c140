/**
 * First start on an empty data folder: the demo hall of seed 000 (玉山县行政服务中心) and its
 * demo accounts — `admin` and `manager` / `demo-admin`, one zone lead (首席代表) per zone,
 * `leadA`…`leadG` / `demo`, and one clerk per window, `w001`…`w108` / `demo`.
 */
import { businessDayAt, checkConfig, type HallConfig } from '@hallq/shared';
import { demoHallConfig } from '@hallq/shared/demo-hall';
import { hashPassword } from './auth.ts';
import type { HallStore } from './store.ts';

export const DEMO_ADMIN = { staffId: 'admin', password: 'demo-admin' } as const;
export const DEMO_CLERK_PASSWORD = 'demo';

/** `w005` for window 5. */
export function demoClerkId(windowNumber: number): string {
  return `w${String(windowNumber).padStart(3, '0')}`;
}

/** `leadA` for zone A. */
export function demoZoneLeadId(zoneId: string): string {
  return `lead${zoneId}`;
}

/** Seeds the demo hall when the store holds no configuration; returns whether it did. */
export async function seedIfEmpty(
  store: HallStore,
  now: number,
  config: HallConfig = demoHallConfig(),
): Promise<boolean> {
  if ((await store.loadConfig()) !== null) return false;
  const problems = checkConfig(config);
  if (problems.length > 0)
    throw new Error(`Demo hall configuration is invalid: ${problems.join('; ')}`);
  await store.saveConfig(config, businessDayAt(now, config.hall));
  await store.upsertStaff({
    staffId: DEMO_ADMIN.staffId,
    name: '系统管理员',
    role: 'admin',
    windowId: null,
    zoneIds: [],
    passwordHash: await hashPassword(DEMO_ADMIN.password),
    disabled: false,
  });
  await store.upsertStaff({
    staffId: 'manager',
    name: '大厅值班长',
    role: 'manager',
    windowId: null,
    zoneIds: [],
    passwordHash: await hashPassword(DEMO_ADMIN.password),
    disabled: false,
  });
  await store.upsertStaff({
    staffId: 'guide',
    name: '导办台',
    role: 'guide',
    windowId: null,
    zoneIds: [],
    passwordHash: await hashPassword(DEMO_CLERK_PASSWORD),
    disabled: false,
  });
  // The demo clerks and zone leads share one published password; one hash (with its own random salt) is
  // computed once instead of 108 times so a fresh data folder starts in well under a second.
  // Real accounts are created one by one, each with its own salt.
  const clerkHash = await hashPassword(DEMO_CLERK_PASSWORD);
  for (const zone of config.zones) {
    await store.upsertStaff({
      staffId: demoZoneLeadId(zone.id),
      name: `${zone.id}区首席代表`,
      role: 'zone_lead',
      windowId: null,
      zoneIds: [zone.id],
      passwordHash: clerkHash,
      disabled: false,
    });
  }
  for (const window of config.windows) {
    await store.upsertStaff({
      staffId: demoClerkId(window.id),
      name: `${window.id}号窗口`,
      role: 'clerk',
      windowId: window.id,
      zoneIds: [window.zoneId],
      passwordHash: clerkHash,
      disabled: false,
    });
  }
  return true;
}
