// Translations: both languages have the same keys and placeholders, Chinese
// copy uses full-width punctuation, and every key the code uses exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const LOCALES = join(SRC, 'locales');
const LANGS = ['zh-CN', 'en'];

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function load(lang: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const f of readdirSync(join(LOCALES, lang)).sort()) {
    if (!f.endsWith('.json')) continue;
    out.set(f.replace(/\.json$/, ''), flatten(JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8'))));
  }
  return out;
}

const zh = load('zh-CN');
const en = load('en');

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p, ext);
    return ext.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('translations', () => {
  it('exist for both languages, namespace by namespace', () => {
    expect(LANGS.length).toBe(2);
    expect([...en.keys()]).toEqual([...zh.keys()]);
    expect(zh.size).toBeGreaterThanOrEqual(5);
  });

  for (const [ns, zhKeys] of zh) {
    it(`${ns}: every zh-CN key is in en and vice versa, with the same placeholders`, () => {
      const enKeys = en.get(ns)!;
      expect([...enKeys.keys()].sort()).toEqual([...zhKeys.keys()].sort());
      for (const [key, text] of zhKeys) {
        expect(text.trim(), `${ns}:${key} (zh-CN) is empty`).not.toBe('');
        expect(enKeys.get(key)!.trim(), `${ns}:${key} (en) is empty`).not.toBe('');
        expect(placeholders(enKeys.get(key)!), `${ns}:${key} placeholders`).toEqual(placeholders(text));
      }
    });
  }

  it('Chinese copy uses full-width punctuation', () => {
    const bad: string[] = [];
    for (const [ns, keys] of zh) {
      for (const [key, text] of keys) {
        const outside = text.replace(/\{\{[^}]*\}\}/g, '');
        if (/[\u3400-\u9fff]\s*[,.?!:;()]|[,?!:;()]\s*[\u3400-\u9fff]/.test(outside)) bad.push(`${ns}:${key}: ${text}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('English copy has no Chinese characters', () => {
    const bad: string[] = [];
    for (const [ns, keys] of en) for (const [key, text] of keys) if (/[\u3400-\u9fff]/.test(text) && !(ns === 'common' && key === 'lang.switchTo')) bad.push(`${ns}:${key}`);
    expect(bad).toEqual([]);
  });

  it('every key the code names literally exists', () => {
    const all = new Set<string>();
    for (const [ns, keys] of zh) for (const k of keys.keys()) all.add(`${ns}:${k.replace(/_(one|other|zero|two|few|many)$/, '')}`);
    const bare = new Set([...all].map((k) => k.split(':')[1]));
    const missing: string[] = [];
    let checked = 0;
    for (const file of files(SRC, /\.tsx?$/)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([^'`$]+)'/g)) {
        checked++;
        const key = m[1];
        const ok = key.includes(':') ? all.has(key) : bare.has(key);
        if (!ok) missing.push(`${relative(SRC, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
