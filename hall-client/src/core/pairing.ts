/**
 * First start: the person at the device types the hall server's address and the 8-digit code
 * the admin made for it (设备管理 → 配对码); the client sends `POST /api/v1/pair` and receives
 * its device token and configuration (shared/src/protocol/devices.ts).
 *
 * Every outcome is typed, with a message in Chinese and English that says what to do next.
 */
import { pairingCodeSchema, type DeviceConfig } from '@hallq/shared';
import { parseDeviceConfig, type Bilingual } from './device-config.ts';

/** The hall server's default port (server/src/main.ts). */
export const DEFAULT_SERVER_PORT = 8080;

export type AddressProblem = 'empty' | 'scheme' | 'path' | 'credentials' | 'invalid';

/** A typed server address, checked and reduced to an origin. */
export type NormalisedAddress =
  | { readonly ok: true; readonly origin: string }
  | { readonly ok: false; readonly problem: AddressProblem; readonly message: Bilingual };

const ADDRESS_MESSAGES: Record<AddressProblem, Bilingual> = {
  empty: {
    zh: '请输入服务器地址，例如 192.168.1.10 或 192.168.1.10:8080。',
    en: 'Enter the server address, e.g. 192.168.1.10 or 192.168.1.10:8080.',
  },
  scheme: {
    zh: '服务器地址只能以 http:// 或 https:// 开头，也可以只写 IP 地址或主机名。',
    en: 'The server address may only start with http:// or https://, or be just an IP address or host name.',
  },
  path: {
    zh: '服务器地址只写主机和端口，不要带路径，例如 192.168.1.10:8080。',
    en: 'Enter only the host and port, without a path, e.g. 192.168.1.10:8080.',
  },
  credentials: {
    zh: '服务器地址不能包含用户名或密码。',
    en: 'The server address must not contain a user name or password.',
  },
  invalid: {
    zh: '服务器地址格式不对，请核对后重新输入，例如 192.168.1.10:8080。',
    en: 'That is not a valid server address; check it and try again, e.g. 192.168.1.10:8080.',
  },
};

function addressProblem(problem: AddressProblem): NormalisedAddress {
  return { ok: false, problem, message: ADDRESS_MESSAGES[problem] };
}

/**
 * Turns what was typed into the server's origin. Accepted: `host`, `host:port`, `[v6]:port`,
 * `http://host[:port][/]`, `https://host[:port][/]`. Without a port, plain http (typed or
 * implied) uses the hall server's port 8080; https keeps 443 (a TLS proxy in front).
 * Refused: other schemes, paths, queries, fragments, user names.
 */
export function normaliseServerAddress(typed: string): NormalisedAddress {
  const text = typed.trim();
  if (text === '') return addressProblem('empty');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
    return addressProblem('scheme');
  // `host:port` without a scheme parses as scheme `host:` — so always add one ourselves.
  const withScheme = scheme === undefined ? `http://${text}` : text;
  if (scheme === undefined && /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) && !text.startsWith('['))
    return addressProblem('scheme');
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return addressProblem('invalid');
  }
  if (url.username !== '' || url.password !== '') return addressProblem('credentials');
  if (url.hostname === '') return addressProblem('invalid');
  const hostPart = /^[a-z]+:\/\/([^/?#\\]*)/i.exec(withScheme)?.[1] ?? '';
  const afterHost = withScheme.slice(withScheme.indexOf('//') + 2 + hostPart.length);
  if (afterHost !== '' && afterHost !== '/') return addressProblem('path');
  // URL drops a typed default port (http://host:80), so look at what was typed.
  const typedPort = /:\d+$/.test(hostPart);
  if (!typedPort && url.protocol === 'http:') url.port = String(DEFAULT_SERVER_PORT);
  return { ok: true, origin: url.origin };
}

export type PairFailure =
  | 'invalid_address'
  | 'unreachable'
  | 'invalid_code'
  | 'expired'
  | 'too_many_attempts'
  | 'server_error'
  | 'bad_reply';

export type PairResult =
  | {
      readonly ok: true;
      readonly serverUrl: string;
      readonly token: string;
      readonly config: DeviceConfig;
    }
  | {
      readonly ok: false;
      readonly reason: PairFailure;
      readonly message: Bilingual;
      /** Technical detail for the log (never needed by the person at the device). */
      readonly detail: string | null;
    };

/** What to do after each failure, for the person at the device. */
export const PAIR_MESSAGES: Readonly<Record<Exclude<PairFailure, 'invalid_address'>, Bilingual>> = {
  unreachable: {
    zh: '连接不上服务器。请检查网线或无线网络，核对服务器地址和端口（通常是 8080），确认服务器已开机，然后重试。',
    en: 'Cannot reach the server. Check the network cable or Wi-Fi, check the address and port (usually 8080), make sure the server is running, then try again.',
  },
  invalid_code: {
    zh: '配对码不对。请核对 8 位数字；如仍不行，请管理员在“设备管理”中为本设备生成新的配对码。',
    en: 'The pairing code is wrong. Check the 8 digits; if it still fails, ask the admin for a new code under Devices.',
  },
  expired: {
    zh: '配对码已过期或已用过（有效期 15 分钟，只能用一次）。请管理员生成新的配对码。',
    en: 'The pairing code has expired or was already used (codes last 15 minutes and work once). Ask the admin for a new code.',
  },
  too_many_attempts: {
    zh: '错误次数太多，已暂时锁定。请等 10 分钟后再试，或联系管理员。',
    en: 'Too many wrong attempts; pairing is locked for now. Wait 10 minutes and try again, or call the admin.',
  },
  server_error: {
    zh: '服务器出错了。请稍后重试；如果一直出错，请联系管理员查看服务器日志。',
    en: 'The server had an error. Try again shortly; if it keeps failing, ask the admin to check the server log.',
  },
  bad_reply: {
    zh: '这个地址上的服务不是 HallQ 排队服务器，或版本不匹配。请核对服务器地址和端口。',
    en: 'The service at that address is not a HallQ hall server, or its version does not match. Check the address and port.',
  },
};

/** Who is pairing, as the admin's device list shows it. */
export interface ClientInfo {
  readonly hostname: string;
  readonly platform: string;
  readonly version: string;
}

export interface PairOptions {
  /** The address as typed. */
  readonly serverUrl: string;
  /** The code as typed (dashes and spaces allowed). */
  readonly code: string;
  readonly client: ClientInfo;
  readonly fetch?: typeof globalThis.fetch;
  /** How long the server may take to answer (default 10 s). */
  readonly timeoutMs?: number;
}

function failure(reason: PairFailure, detail: string | null, message?: Bilingual): PairResult {
  const text =
    message ?? (reason === 'invalid_address' ? ADDRESS_MESSAGES.invalid : PAIR_MESSAGES[reason]);
  return { ok: false, reason, message: text, detail };
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

/** The `{ error: { code, message } }` body of a refused REST call, when it is one. */
export function restError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return null;
  return { code, message: typeof message === 'string' ? message : '' };
}

/** Which failure a refused `POST /api/v1/pair` is. */
function refusal(status: number, body: unknown): PairFailure {
  const error = restError(body);
  switch (error?.code ?? '') {
    case 'pairing_code_invalid':
    case 'validation':
      return 'invalid_code';
    case 'pairing_code_expired':
      return 'expired';
    case 'too_many_attempts':
    case 'rate_limited':
      return 'too_many_attempts';
    default:
      break;
  }
  if (status === 429) return 'too_many_attempts';
  if (status >= 500) return 'server_error';
  // A HallQ server always answers typed errors; anything else is some other service.
  if (error === null) return 'bad_reply';
  if (status === 410) return 'expired';
  if (status === 400 || status === 404 || status === 409 || status === 403) return 'invalid_code';
  return 'bad_reply';
}

/** Sends the pairing request and types its outcome; never throws. */
export async function pair(options: PairOptions): Promise<PairResult> {
  const address = normaliseServerAddress(options.serverUrl);
  if (!address.ok) return failure('invalid_address', address.problem, address.message);
  const code = pairingCodeSchema.safeParse(options.code);
  if (!code.success) return failure('invalid_code', 'the code is not 8 digits');

  const fetcher = options.fetch ?? globalThis.fetch;
  const url = `${address.origin}/api/v1/pair`;
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code: code.data, client: options.client }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      redirect: 'error',
    });
  } catch (error) {
    return failure('unreachable', `${url}: ${errorText(error)}`);
  }
  let body: unknown = null;
  try {
    const text = await response.text();
    body = text === '' ? null : JSON.parse(text);
  } catch (error) {
    if (!response.ok && response.status >= 500)
      return failure('server_error', `${response.status}`);
    return failure('bad_reply', `${response.status}, not JSON: ${errorText(error)}`);
  }
  if (!response.ok) {
    const error = restError(body);
    return failure(
      refusal(response.status, body),
      `${response.status} ${error?.code ?? ''} ${error?.message ?? ''}`.trim(),
    );
  }
  return pairReply(address.origin, body);
}

/** Checks a successful pairing reply: `{ data: { token, config } }` (or the bare PairReply). */
function pairReply(origin: string, body: unknown): PairResult {
  const data = typeof body === 'object' && body !== null && 'data' in body ? body.data : body;
  if (typeof data !== 'object' || data === null) return failure('bad_reply', 'no reply body');
  const { token, config } = data as { token?: unknown; config?: unknown };
  if (typeof token !== 'string' || token.length < 16 || token.length > 200)
    return failure('bad_reply', 'the reply has no device token');
  const parsed = parseDeviceConfig(config);
  if (!parsed.ok) return failure('bad_reply', `config: ${parsed.problems.join('; ')}`);
  return { ok: true, serverUrl: origin, token, config: parsed.config };
}
