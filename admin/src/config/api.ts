/**
 * The configuration page's REST calls: read, change sections (one PATCH with every edited
 * section, guarded by the version read), export and import (with a dry run).
 */
import type {
  Ack,
  ConfigProblem,
  ConfigSection,
  DomainError,
  HallConfig,
} from '../../../shared/src/index.ts';
import { call } from '../api.ts';

export interface SectionChange {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}
export type ConfigChanges = Partial<Record<ConfigSection, SectionChange>>;

export interface ConfigData {
  readonly config: HallConfig;
  readonly seq: number;
  readonly version: string;
  readonly changes?: ConfigChanges;
}

export interface DryRun {
  readonly valid: boolean;
  readonly problems: readonly ConfigProblem[];
  readonly changes: ConfigChanges | null;
}

async function guarded<T>(
  method: string,
  path: string,
  token: string,
  version: string | null,
  body: unknown,
): Promise<Ack<T>> {
  try {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    };
    if (version !== null) headers['if-match'] = `"${version}"`;
    const response = await fetch(`${globalThis.location.origin}${path}`, {
      method,
      headers,
      body: JSON.stringify(body),
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

/** The problems a refusal lists (`error.details.problems`), if any. */
export function problemsOf(error: {
  readonly details?: Readonly<Record<string, unknown>>;
}): readonly ConfigProblem[] {
  const list = error.details?.problems;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is ConfigProblem =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as ConfigProblem).path === 'string' &&
      typeof (p as ConfigProblem).en === 'string' &&
      typeof (p as ConfigProblem).zh === 'string',
  );
}

export const configApi = {
  read: (token: string): Promise<Ack<ConfigData>> => call('GET', '/api/v1/admin/config', token),
  change: (
    token: string,
    version: string,
    sections: Partial<HallConfig>,
  ): Promise<Ack<ConfigData>> => guarded('PATCH', '/api/v1/admin/config', token, version, sections),
  dryRun: (token: string, file: unknown): Promise<Ack<DryRun>> =>
    call('POST', '/api/v1/admin/config/import?dryRun=1', token, file),
  importFile: (token: string, version: string, file: unknown): Promise<Ack<ConfigData>> =>
    guarded('POST', '/api/v1/admin/config/import', token, version, file),
  /** The export as a file name and its text (the server names it). */
  async exportFile(token: string): Promise<Ack<{ readonly name: string; readonly text: string }>> {
    try {
      const response = await fetch(`${globalThis.location.origin}/api/v1/admin/config/export`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const text = await response.text();
      if (!response.ok) {
        const parsed = JSON.parse(text) as { error?: DomainError };
        return {
          ok: false,
          error: parsed.error ?? { code: 'internal', message: `HTTP ${response.status}` },
        };
      }
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'hallq-config.json';
      return { ok: true, data: { name, text } };
    } catch {
      return {
        ok: false,
        error: { code: 'unavailable', message: 'The hall server cannot be reached.' },
      };
    }
  },
};
