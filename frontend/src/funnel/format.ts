// Numbers of a funnel analysis as people read them: rates as percentages,
// amounts in compact form (1.9亿, 5495万 / 190M, 55M), days rounded.
// Shared by the phone board, the console's cards and the projector.

const compact = new Map<string, Intl.NumberFormat>();

/** An amount in compact form in the UI language: 1.9亿 / 190M; "—" when unknown. */
export function amount(v: number | null | undefined, lang: string): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const key = lang === 'en' ? 'en-US' : 'zh-CN';
  let f = compact.get(key);
  if (!f) {
    f = new Intl.NumberFormat(key, { notation: 'compact', maximumSignificantDigits: 3 });
    compact.set(key, f);
  }
  return f.format(v);
}

/** A whole number with grouping: 2,393. */
export function count(v: number, lang: string): string {
  return v.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
}

/** A rate (0–1) as a percentage with one decimal: 17.9%; "—" when unknown. */
export function pct(v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** Days rounded to whole days, or null when unknown. */
export function wholeDays(v: number | null | undefined): number | null {
  return v == null || !Number.isFinite(v) ? null : Math.round(v);
}
