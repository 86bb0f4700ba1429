#!/usr/bin/env node
// Prints the gzipped size of the JavaScript a participant's phone loads before
// its board is usable, and fails the build above the budget (quality.md S8).
//
// Counted, from Vite's manifest (dist/.vite/manifest.json): the entry chunk
// and its static imports; the participant routes (the join page and the board
// page, src/participant/JoinPage.tsx and ParticipantPage.tsx) with their
// static imports; and the zh-CN string files those pages need (common,
// participant, errors, facilitation). Each file counts once, gzipped at level 9 (close to
// what the server's compression sends).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 250;
const dist = join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const roots = [
  Object.keys(manifest).find((k) => manifest[k].isEntry),
  'src/participant/JoinPage.tsx',
  'src/participant/ParticipantPage.tsx',
  'src/locales/zh-CN/common.json',
  'src/locales/zh-CN/participant.json',
  'src/locales/zh-CN/errors.json',
  'src/locales/zh-CN/facilitation.json', // timer, broadcast, agenda and gallery strings on the board page
];

const files = new Set();
function visit(key) {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`first-load-size: ${key} is not in the manifest; update the script's roots`);
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
}
roots.forEach(visit);

let total = 0;
const rows = [];
for (const file of files) {
  if (!file.endsWith('.js')) continue;
  const gz = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gz;
  rows.push([file, gz]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [file, gz] of rows) console.log(`  ${(gz / 1024).toFixed(1).padStart(7)} KB  ${file}`);
const kb = total / 1024;
console.log(`participant first-load JS: ${kb.toFixed(1)} KB gzipped (limit ${LIMIT_KB} KB, ${rows.length} files)`);
if (kb > LIMIT_KB) {
  console.error(`participant first-load JS is over budget by ${(kb - LIMIT_KB).toFixed(1)} KB`);
  process.exit(1);
}
