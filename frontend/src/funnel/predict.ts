// The optimistic display of a funnel board's operations (mirrors
// exercises/funnel.go): a group's findings show at once, the server's answer
// replaces them. The analysis itself (funnel.load) is the trainer's and is
// never predicted.
import type { Actor, Change, FunnelFinding, FunnelState } from '../protocol/messages.gen';
import type { State } from '../live/changes';
import type { Operation } from '../live/predict';

/** What a finding may be about (exercises.FunnelTopics), in the order the phone offers them. */
export const FUNNEL_TOPICS = ['leak', 'shape', 'stuck', 'coverage', 'velocity', 'data', 'action'] as const;
export type FunnelTopic = (typeof FUNNEL_TOPICS)[number];
export const MAX_FINDING_TEXT = 500;

const isTopic = (v: unknown): v is FunnelTopic => typeof v === 'string' && (FUNNEL_TOPICS as readonly string[]).includes(v);

export function predictFunnel(state: State, op: Operation, actor: Actor): Change[] | null {
  const s = state as unknown as FunnelState;
  const findings = s.findings ?? {};
  const id = typeof op.id === 'string' ? op.id : '';
  switch (op.kind) {
    case 'finding.add': {
      const text = typeof op.text === 'string' ? op.text.trim() : '';
      if (!id || findings[id] || !isTopic(op.topic) || !text || [...text].length > MAX_FINDING_TEXT) return null;
      const f: FunnelFinding = { id, topic: op.topic, text, author: { id: actor.id, name: actor.name, kind: actor.kind }, seq: 0 };
      return [{ path: ['findings', id], value: f }];
    }
    case 'finding.edit': {
      const old = findings[id];
      if (!old) return null;
      const next = { ...old };
      if (op.topic !== undefined) {
        if (!isTopic(op.topic)) return null;
        next.topic = op.topic;
      }
      if (op.text !== undefined) {
        const text = typeof op.text === 'string' ? op.text.trim() : '';
        if (!text || [...text].length > MAX_FINDING_TEXT) return null;
        next.text = text;
      }
      return [{ path: ['findings', id], value: next }];
    }
    case 'finding.delete':
      return findings[id] ? [{ path: ['findings', id], delete: true }] : null;
  }
  return null;
}
