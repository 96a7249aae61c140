/**
 * The console's pages: path, title key and who may open them. Admins see everything;
 * managers everything (configuration and staff read-only); zone leads (首席代表) the live
 * view, alarms, work orders and reports of their zones.
 */
import type { AdminRole, AdminSession } from './api.ts';
import type { AdminKey } from './i18n.ts';

export const PAGE_IDS = [
  'live',
  'alarms',
  'reports',
  'workOrders',
  'config',
  'staff',
  'devices',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

export interface PageInfo {
  readonly id: PageId;
  readonly path: string;
  readonly title: AdminKey;
  readonly roles: readonly AdminRole[];
}

const ALL: readonly AdminRole[] = ['admin', 'manager', 'zone_lead'];
const MANAGERS: readonly AdminRole[] = ['admin', 'manager'];

export const PAGES: readonly PageInfo[] = [
  { id: 'live', path: '/admin', title: 'nav.live', roles: ALL },
  { id: 'alarms', path: '/admin/alarms', title: 'nav.alarms', roles: ALL },
  { id: 'reports', path: '/admin/reports', title: 'nav.reports', roles: ALL },
  { id: 'workOrders', path: '/admin/work-orders', title: 'nav.workOrders', roles: ALL },
  { id: 'config', path: '/admin/config', title: 'nav.config', roles: MANAGERS },
  { id: 'staff', path: '/admin/staff', title: 'nav.staff', roles: MANAGERS },
  { id: 'devices', path: '/admin/devices', title: 'nav.devices', roles: MANAGERS },
];

/** The pages the session may open. */
export function pagesFor(session: AdminSession): readonly PageInfo[] {
  return PAGES.filter((p) => p.roles.includes(session.role));
}

/** The page of a path (trailing slash ignored); the live view for anything unknown. */
export function pageOfPath(path: string): PageInfo {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return PAGES.find((p) => p.path === clean) ?? (PAGES[0] as PageInfo);
}

/** What every page gets from the shell. */
export interface PageProps {
  readonly session: AdminSession;
  /** The session ended (401): back to sign-in. */
  readonly onExpired: () => void;
  /** Opens another page of the console, e.g. an alarm's window in the live view. */
  readonly navigate: (path: string) => void;
}
