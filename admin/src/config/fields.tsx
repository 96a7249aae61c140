/**
 * Form pieces of the configuration page. Each field knows its path in the configuration
 * (`services.3.prefix`) and shows the problems found there — by the same checks the server
 * runs, as you type, and the server's own after a refused save — in the page's language.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ConfigProblem, TimeRange } from '../../../shared/src/index.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import type { AdminKey } from '../i18n.ts';

export interface EditContext {
  readonly problems: readonly ConfigProblem[];
  readonly readOnly: boolean;
}
export const EditCtx = createContext<EditContext>({ problems: [], readOnly: true });

/** Problems at `path` (exactly) or, with `within`, anywhere under it. */
export function useProblems(path: string, within = false): readonly ConfigProblem[] {
  const { problems } = useContext(EditCtx);
  return problems.filter((p) => p.path === path || (within && p.path.startsWith(`${path}.`)));
}

export function ProblemList(props: { readonly problems: readonly ConfigProblem[] }): ReactNode {
  const { lang } = useI18n<AdminKey>();
  if (props.problems.length === 0) return null;
  return (
    <ul className="cf-problems" role="alert">
      {props.problems.map((p, i) => (
        <li key={`${p.path}-${String(i)}`} data-path={p.path}>
          {lang === 'en' ? p.en : p.zh}
        </li>
      ))}
    </ul>
  );
}

/** The problems of one field, under it. */
export function FieldProblems(props: {
  readonly path: string;
  readonly within?: boolean;
}): ReactNode {
  return <ProblemList problems={useProblems(props.path, props.within)} />;
}

interface Base {
  readonly label: AdminKey;
  readonly path: string;
  readonly hint?: AdminKey;
  /** In a table cell: no label shown (the column says it). */
  readonly bare?: boolean;
}

function Frame(
  props: Base & { readonly children: ReactNode; readonly within?: boolean },
): ReactNode {
  const { t } = useI18n<AdminKey>();
  const problems = useProblems(props.path, props.within);
  return (
    <label className={`ad-field cf-field${problems.length > 0 ? ' cf-bad' : ''}`}>
      {props.bare === true ? null : <span>{t(props.label)}</span>}
      {props.children}
      {props.hint === undefined ? null : <small>{t(props.hint)}</small>}
      {/* In a table the row's problems show in full under the row. */}
      {props.bare === true ? null : <ProblemList problems={problems} />}
    </label>
  );
}

export function TextField(
  props: Base & { readonly value: string; readonly onChange: (value: string) => void },
): ReactNode {
  const { readOnly } = useContext(EditCtx);
  const { t } = useI18n<AdminKey>();
  return (
    <Frame {...props}>
      <input
        name={props.path}
        aria-label={t(props.label)}
        value={props.value}
        disabled={readOnly}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Frame>
  );
}

/** A number; with `nullable`, empty means null (no quota …). */
export function NumberField(
  props: Base & {
    readonly value: number | null;
    readonly nullable?: boolean;
    readonly onChange: (value: number | null) => void;
  },
): ReactNode {
  const { readOnly } = useContext(EditCtx);
  const { t } = useI18n<AdminKey>();
  return (
    <Frame {...props}>
      <input
        name={props.path}
        aria-label={t(props.label)}
        type="number"
        value={props.value === null || Number.isNaN(props.value) ? '' : String(props.value)}
        disabled={readOnly}
        onChange={(e) => {
          const raw = e.target.value.trim();
          props.onChange(raw === '' ? (props.nullable === true ? null : Number.NaN) : Number(raw));
        }}
      />
    </Frame>
  );
}

export function CheckField(
  props: Base & { readonly value: boolean; readonly onChange: (value: boolean) => void },
): ReactNode {
  const { readOnly } = useContext(EditCtx);
  const { t } = useI18n<AdminKey>();
  const problems = useProblems(props.path);
  return (
    <label className="cf-check">
      <input
        type="checkbox"
        name={props.path}
        aria-label={t(props.label)}
        checked={props.value}
        disabled={readOnly}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.bare === true ? null : <span>{t(props.label)}</span>}
      {props.bare === true ? null : <ProblemList problems={problems} />}
    </label>
  );
}

export function SelectField<V extends string | number>(
  props: Base & {
    readonly value: V;
    readonly options: readonly (readonly [V, string])[];
    readonly onChange: (value: V) => void;
  },
): ReactNode {
  const { readOnly } = useContext(EditCtx);
  const { t } = useI18n<AdminKey>();
  return (
    <Frame {...props}>
      <select
        name={props.path}
        aria-label={t(props.label)}
        value={String(props.value)}
        disabled={readOnly}
        onChange={(e) => {
          const chosen = props.options.find(([v]) => String(v) === e.target.value);
          if (chosen !== undefined) props.onChange(chosen[0]);
        }}
      >
        {props.options.map(([v, text]) => (
          <option key={String(v)} value={String(v)}>
            {text}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/**
 * A value typed as text and parsed when the field is left (time ranges, date lists …): what
 * does not parse is kept as typed, so the checks name it instead of it vanishing.
 */
function ParsedField<T>(
  props: Base & {
    readonly value: T;
    readonly format: (value: T) => string;
    readonly parse: (text: string) => T;
    readonly onChange: (value: T) => void;
    readonly lines?: boolean;
  },
): ReactNode {
  const { readOnly } = useContext(EditCtx);
  const { t } = useI18n<AdminKey>();
  const formatted = props.format(props.value);
  const [text, setText] = useState(formatted);
  const [shown, setShown] = useState(formatted);
  if (shown !== formatted) {
    // Changed from outside (discard, reload): show the new value.
    setShown(formatted);
    setText(formatted);
  }
  const commit = (): void => {
    const next = props.parse(text);
    setShown(props.format(next));
    props.onChange(next);
  };
  const common = {
    name: props.path,
    'aria-label': t(props.label),
    value: text,
    disabled: readOnly,
    onBlur: commit,
  };
  return (
    <Frame {...props} within>
      {props.lines === true ? (
        <textarea rows={4} {...common} onChange={(e) => setText(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => setText(e.target.value)} />
      )}
    </Frame>
  );
}

function splitList(text: string): string[] {
  return text
    .split(/[\n,，;；]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `09:00-12:00, 13:30-17:00` ⇄ time ranges. */
export function RangesField(
  props: Base & {
    readonly value: readonly TimeRange[];
    readonly onChange: (value: readonly TimeRange[]) => void;
  },
): ReactNode {
  return (
    <ParsedField<readonly TimeRange[]>
      {...props}
      format={(v) => v.map((r) => `${r.open}-${r.close}`).join(', ')}
      parse={(text) =>
        splitList(text).map((part) => {
          const [open = '', close = ''] = part.split(/\s*[-–~至]\s*/);
          return { open, close };
        })
      }
    />
  );
}

/** One item a line (or comma-separated) ⇄ a list of strings. */
export function ListField(
  props: Base & {
    readonly value: readonly string[];
    readonly onChange: (value: readonly string[]) => void;
    readonly lines?: boolean;
    readonly commas?: boolean;
  },
): ReactNode {
  return (
    <ParsedField<readonly string[]>
      {...props}
      format={(v) => v.join(props.lines === true && props.commas !== true ? '\n' : ', ')}
      parse={(text) =>
        props.commas === true
          ? splitList(text)
          : text
              .split('\n')
              .map((s) => s.trim())
              .filter((s) => s !== '')
      }
    />
  );
}

/** Comma-separated numbers ⇄ a list of numbers (window numbers). */
export function NumbersField(
  props: Base & {
    readonly value: readonly number[];
    readonly onChange: (value: readonly number[]) => void;
  },
): ReactNode {
  return (
    <ParsedField<readonly number[]>
      {...props}
      format={(v) => v.join(', ')}
      parse={(text) => splitList(text).map(Number)}
    />
  );
}
