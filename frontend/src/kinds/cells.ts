// Table cells as text (shared by the phone's table and the compact views).
import { pick } from '../i18n';
import type { Column } from '../protocol/messages.gen';

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The text an input shows for a stored value. */
export function cellText(c: Column, v: unknown, lang: string): string {
  if (isEmpty(v)) return '';
  switch (c.type) {
    case 'money':
      return typeof v === 'number' ? String(v / 100) : '';
    case 'select': {
      const ids = Array.isArray(v) ? (v as string[]) : [v as string];
      return ids.map((id) => pick(c.options?.find((o) => o.id === id)?.title, lang) || id).join(lang === 'en' ? ', ' : '、');
    }
    case 'person':
      return (v as { name?: string }).name ?? '';
    default:
      return String(v);
  }
}

