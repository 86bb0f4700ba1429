// Names, initials and colours of people and groups.
import type { Member } from '../protocol/messages.gen';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Short initials for an avatar: the last two characters of a Chinese name, else up to two initials. */
export function initials(name: string): string {
  const n = name.trim();
  if (!n) return '?';
  if (CJK.test(n)) {
    const chars = [...n.replace(/\s+/g, '')];
    return chars.length <= 2 ? chars.join('') : chars.slice(-2).join('');
  }
  const words = n.split(/\s+/).filter(Boolean);
  const first = [...words[0]][0] ?? '';
  const second = words.length > 1 ? [...words[words.length - 1]][0] ?? '' : [...words[0]][1] ?? '';
  return (first + second).toUpperCase();
}

// Dark enough for white initials (contrast ≥ 4.5:1).
const AVATAR_COLOURS = ['#1f4e8c', '#7a3e9d', '#0b6e4f', '#a5441c', '#3b5b7a', '#8a2c5b', '#2f6b2f', '#6b4f1d'];

export function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function avatarColour(id: string): string {
  return AVATAR_COLOURS[hash(id) % AVATAR_COLOURS.length];
}

/** One entry per person (a person with two tabs appears once), editing if any tab edits. */
export function people(members: readonly Member[]): Member[] {
  const byId = new Map<string, Member>();
  for (const m of members) {
    const seen = byId.get(m.id);
    if (!seen || (!seen.editing && m.editing)) byId.set(m.id, m);
  }
  return [...byId.values()].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'trainer' ? -1 : 1));
}

// Group colours (Okabe–Ito, safe for colour-blind people) and shapes: each
// group is told apart by its name, its colour and its shape.
export const GROUP_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8C6D1F', '#6A3D9A'];
export const GROUP_SHAPES = ['circle', 'triangle', 'square', 'diamond', 'star', 'hexagon', 'cross', 'pentagon'] as const;
export type GroupShape = (typeof GROUP_SHAPES)[number];

export function groupStyle(position: number): { colour: string; shape: GroupShape } {
  const i = Math.max(0, position - 1);
  // Past eight groups the shapes shift against the colours, so pairs stay unique.
  return { colour: GROUP_COLOURS[i % 8], shape: GROUP_SHAPES[(i + Math.floor(i / 8)) % 8] };
}
