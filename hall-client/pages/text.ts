/**
 * The words of the hall client's own pages (pairing, offline), Chinese first and English
 * complete: the person installing a device may read either, so both are always shown.
 */
import type { BilingualText } from '../../shared/src/client/shell-bridge.ts';
import type { DeviceRole } from '../../shared/src/domain/actor.ts';

export const PAIR_TEXT = {
  product: { zh: 'HallQ 大厅排队叫号', en: 'HallQ hall queue and call' },
  title: { zh: '设备配对', en: 'Pair this device' },
  intro: {
    zh: '请管理员在服务器的“设备管理”中为本机生成配对码，然后在下面输入服务器地址和配对码。',
    en: "Ask the admin to make a pairing code for this device on the server's Devices page, then enter the server address and the code below.",
  },
  revoked: {
    zh: '管理员已停用本机原来的配对，请输入新的配对码重新配对。',
    en: 'The admin revoked this device: pair it again with a new code.',
  },
  serverLabel: { zh: '服务器地址', en: 'Server address' },
  serverHint: {
    zh: '例如 192.168.1.10:8080（向管理员询问）',
    en: 'e.g. 192.168.1.10:8080 (ask the admin)',
  },
  codeLabel: { zh: '配对码（8 位数字）', en: 'Pairing code (8 digits)' },
  codeHint: {
    zh: '管理员生成的配对码，例如 4827-1936，只能用一次',
    en: 'The code the admin made, e.g. 4827-1936; it works once',
  },
  submit: { zh: '配对', en: 'Pair' },
  busy: {
    zh: '正在连接服务器并核对配对码……',
    en: 'Contacting the server and checking the code…',
  },
  paired: { zh: '配对成功', en: 'Paired' },
  starting: { zh: '正在启动，请稍候……', en: 'Starting, please wait…' },
  serverEmpty: {
    zh: '请输入服务器地址，例如 192.168.1.10:8080。',
    en: 'Enter the server address, e.g. 192.168.1.10:8080.',
  },
  codeShort: {
    zh: '配对码是 8 位数字，请输入完整，例如 4827-1936。',
    en: 'The pairing code has 8 digits: enter all of them, e.g. 4827-1936.',
  },
  noShell: {
    zh: '本页面只能在 HallQ 大厅客户端中使用。',
    en: 'This page works only inside the HallQ hall client.',
  },
  shellFailed: {
    zh: '客户端没有回应，请重试；如仍不行，请重新启动本机。',
    en: 'The hall client did not answer: try again, and if that fails, restart this device.',
  },
  detail: { zh: '详细信息（供管理员）', en: 'Details (for the admin)' },
  keypad: { zh: '屏幕键盘', en: 'On-screen keypad' },
  backspace: { zh: '退格', en: 'Delete' },
  clear: { zh: '清空', en: 'Clear' },
  version: { zh: '客户端版本', en: 'Client version' },
} as const satisfies Record<string, BilingualText>;

export const ROLE_TEXT: Readonly<Record<DeviceRole, BilingualText>> = {
  kiosk: { zh: '取号机', en: 'kiosk' },
  display: { zh: '叫号屏', en: 'call screen' },
  counter: { zh: '窗口终端', en: 'counter terminal' },
  rating: { zh: '评价器', en: 'rating pad' },
};

export const OFFLINE_TEXT = {
  title: { zh: '暂时连接不上叫号服务器', en: 'The hall server cannot be reached' },
  retrying: {
    zh: '本机正在自动重试，连接恢复后会自动回到原来的画面，无需操作。',
    en: 'This device keeps trying by itself and goes back to its screen when the connection returns; nothing to do.',
  },
  staff: {
    zh: '工作人员：请检查网线或无线网络；如果几分钟后仍未恢复，请联系大厅管理员。',
    en: 'Staff: check the network cable or Wi-Fi; if it is not back within a few minutes, call the hall admin.',
  },
  server: { zh: '服务器', en: 'Server' },
  since: { zh: '中断时间', en: 'Down since' },
  elapsed: { zh: '已持续', en: 'For' },
  reason: { zh: '原因', en: 'Reason' },
} as const satisfies Record<string, BilingualText>;

/** What a visitor or clerk should do while this role's device is offline. */
export const OFFLINE_ROLE_TEXT: Readonly<Record<DeviceRole, BilingualText>> = {
  kiosk: {
    zh: '本机暂停取号，请到导办台取号或咨询。',
    en: 'Tickets cannot be taken here right now: please go to the guide desk.',
  },
  display: {
    zh: '叫号信息暂停更新，请留意窗口的叫号。',
    en: 'Calls are not shown right now: please watch the windows.',
  },
  counter: {
    zh: '窗口终端暂时离线，连接恢复后可继续叫号。',
    en: 'This counter is offline for now: calling resumes when the connection returns.',
  },
  rating: {
    zh: '评价暂停，感谢您的理解。',
    en: 'Rating is paused for now. Thank you for your patience.',
  },
};

/** 48271936 → 4827-1936 (as the admin's page shows codes); shorter input as far as typed. */
export function formatCode(digits: string): string {
  return digits.length > 4 ? `${digits.slice(0, 4)}-${digits.slice(4)}` : digits;
}

/** The digits of what was typed or pasted, at most 8. */
export function codeDigits(typed: string): string {
  return typed.replace(/\D/g, '').slice(0, 8);
}

export const EXIT_TEXT = {
  title: { zh: '退出锁定', en: 'Leave the locked screen' },
  intro: {
    zh: '仅限管理员：输入本机的退出 PIN 码后，客户端将关闭。',
    en: "Admins only: enter this device's exit PIN and the client closes.",
  },
  pinLabel: { zh: 'PIN 码（4–12 位数字）', en: 'PIN (4–12 digits)' },
  pinShort: { zh: 'PIN 码是 4–12 位数字。', en: 'The PIN has 4 to 12 digits.' },
  confirm: { zh: '确认退出', en: 'Quit' },
  cancel: { zh: '取消', en: 'Cancel' },
  checking: { zh: '正在核对……', en: 'Checking…' },
  quitting: { zh: 'PIN 码正确，正在退出……', en: 'PIN accepted: quitting…' },
  lockedFor: { zh: '请在 {s} 秒后再试', en: 'Try again in {s} s' },
} as const satisfies Record<string, BilingualText>;
