// No component hard-codes user-facing text: every word on screen comes from
// the translation files. Parses every .tsx file and flags Chinese characters
// anywhere in code, and JSX text or user-facing attributes with letters.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
/** Words allowed as they are (the brand). */
const ALLOWED = new Set(['Playbook']);
/** Attributes people read (or hear, with a screen reader). */
const USER_FACING_ATTRS = new Set(['title', 'placeholder', 'alt', 'aria-label', 'label', 'description', 'subTitle', 'okText', 'cancelText', 'content', 'text', 'extra', 'tooltip']);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsxFiles(p);
    return name.endsWith('.tsx') && !name.endsWith('.test.tsx') ? [p] : [];
  });
}

function hasWords(s: string): boolean {
  const words = s.replace(/[^\p{L}]+/gu, ' ').trim();
  if (!words) return false;
  return words.split(/\s+/).some((w) => !ALLOWED.has(w));
}

function findings(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const where = (n: ts.Node) => `${relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && hasWords(n.text)) out.push(`${where(n)} JSX text "${n.text.trim()}"`);
    if (ts.isJsxAttribute(n) && n.initializer && ts.isStringLiteral(n.initializer)) {
      const name = n.name.getText(sf);
      if (USER_FACING_ATTRS.has(name) && hasWords(n.initializer.text)) out.push(`${where(n)} ${name}="${n.initializer.text}"`);
    }
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) && /[\u3400-\u9fff]/.test(n.text)) {
      out.push(`${where(n)} Chinese text in code "${n.text}"`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('no hard-coded user-facing text', () => {
  const files = tsxFiles(SRC);

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('has no Chinese characters, JSX text or labels outside the translation files', () => {
    expect(files.flatMap(findings)).toEqual([]);
  });

  it('the checker itself catches what it must', () => {
    const probe = (src: string) => {
      const sf = ts.createSourceFile('probe.tsx', src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      let hits = 0;
      const visit = (n: ts.Node) => {
        if (ts.isJsxText(n) && hasWords(n.text)) hits++;
        if (ts.isJsxAttribute(n) && n.initializer && ts.isStringLiteral(n.initializer) && USER_FACING_ATTRS.has(n.name.getText(sf)) && hasWords(n.initializer.text)) hits++;
        ts.forEachChild(n, visit);
      };
      visit(sf);
      return hits;
    };
    expect(probe('const a = <p>Save</p>;')).toBe(1);
    expect(probe('const a = <input placeholder="Your name" />;')).toBe(1);
    expect(probe('const a = <p>{t("x")} · −</p>;')).toBe(0);
    expect(probe('const a = <span>Playbook</span>;')).toBe(0);
  });
});
