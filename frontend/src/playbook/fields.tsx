// Form pieces shared by the structured boards: inputs that send their value
// when the person is done with the field (blur or Enter) rather than on every
// keystroke, and the checks the server found, shown at the field.
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { Issue } from '../protocol/messages.gen';

/** Issues indexed by their path ("stages/s1/probability"). */
export function indexIssues(issues: Issue[] | undefined): Map<string, Issue[]> {
  const out = new Map<string, Issue[]>();
  for (const is of issues ?? []) {
    const key = is.path.join('/');
    out.set(key, [...(out.get(key) ?? []), is]);
  }
  return out;
}

/** The issues at path and, with deep, below it. */
export function issuesAt(index: Map<string, Issue[]>, path: string, deep = false): Issue[] {
  if (!deep) return index.get(path) ?? [];
  const out: Issue[] = [];
  for (const [k, v] of index) if (k === path || k.startsWith(path + '/')) out.push(...v);
  return out;
}

export function IssueList({ issues, id }: { issues: Issue[]; id?: string }) {
  const { i18n } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <ul className="pb-issues" id={id} role="alert">
      {issues.map((is, i) => (
        <li key={i} data-code={is.code} className={is.code === 'required' ? 'is-unfilled' : undefined}>
          {pick(is.message, i18n.language)}
        </li>
      ))}
    </ul>
  );
}

let seq = 0;
function useFieldId(prefix: string): string {
  const ref = useRef('');
  if (!ref.current) ref.current = `${prefix}-${++seq}`;
  return ref.current;
}

/**
 * A field that only waits to be filled in (every issue "required") is marked
 * as unfilled, calmly; a field holding a wrong value is marked as an error.
 */
function fieldState(issues: Issue[]): string {
  if (issues.length === 0) return '';
  return issues.every((is) => is.code === 'required') ? ' has-unfilled' : ' has-issue';
}

/** A labelled field with its issues below it. */
export function Field({ label, issues, children, wide }: { label: string; issues: Issue[]; children: (id: string, describedBy?: string) => ReactNode; wide?: boolean }) {
  const id = useFieldId('pbf');
  const errId = issues.length > 0 ? `${id}-err` : undefined;
  return (
    <div className={`pb-field${wide ? ' is-wide' : ''}${fieldState(issues)}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, errId)}
      <IssueList issues={issues} id={errId} />
    </div>
  );
}

/**
 * A text or number input bound to a live value: it shows the server's value
 * unless the person is typing, and sends once when they leave the field.
 */
export function LiveInput({
  id,
  value,
  onCommit,
  type = 'text',
  describedBy,
  disabled,
  multiline,
  min,
  max,
}: {
  id: string;
  value: string;
  onCommit: (v: string) => void;
  type?: 'text' | 'number';
  describedBy?: string;
  disabled?: boolean;
  multiline?: boolean;
  min?: number;
  max?: number;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  const common = {
    id,
    value: draft ?? value,
    disabled,
    'aria-invalid': describedBy ? true : undefined,
    'aria-describedby': describedBy,
    onFocus: () => setDraft(value),
    onBlur: commit,
  };
  if (multiline) {
    return <textarea {...common} rows={3} onChange={(e) => setDraft(e.target.value)} />;
  }
  return (
    <input
      {...common}
      type={type}
      inputMode={type === 'number' ? 'numeric' : undefined}
      min={min}
      max={max}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

/** Lines of a textarea as a list, empty lines dropped. */
export function lines(s: string): string[] {
  return s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}
