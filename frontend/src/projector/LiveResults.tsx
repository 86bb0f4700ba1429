// The projector's live results for the current activity, summed over every
// group's board: a poll's counts, or the most-voted items (dot votes). The
// chart itself (ECharts) loads only when there is something to show.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../api/types';
import { pick } from '../i18n';
import { useBoard } from '../live/hooks';
import type { LiveClient } from '../live/transport';
import { dotsOn } from '../kinds/common';
import { itemsOf } from '../kinds/items';
import type { PollState } from '../protocol/messages.gen';
import { groupStyle } from '../shared/people';
import type { Bar } from './VoteChart';

const VoteChart = lazy(() => import('./VoteChart'));

type Feed = { kind: string; state: unknown };

export function LiveResults({ client, boards, groups }: { client: LiveClient; boards: { id: string; group: string }[]; groups: Group[] }) {
  const { t, i18n } = useTranslation('facilitation');
  const [feeds, setFeeds] = useState<Record<string, Feed>>({});
  const onFeed = useCallback((id: string, f: Feed | null) => {
    setFeeds((old) => {
      if (f === null) {
        const { [id]: _gone, ...rest } = old;
        return rest;
      }
      return old[id]?.state === f.state ? old : { ...old, [id]: f };
    });
  }, []);
  const lang = i18n.language;
  const result = useMemo(() => {
    const list = boards.map((b) => ({ b, f: feeds[b.id] })).filter((x) => x.f);
    if (list.length === 0) return null;
    const kind = list[0].f!.kind;
    if (kind === 'poll') {
      const first = list[0].f!.state as PollState;
      const bars: Bar[] = (first.options ?? []).map((o) => ({
        label: pick(o.title, lang),
        value: list.reduce((n, x) => n + ((x.f!.state as PollState).counts?.[o.id] ?? 0), 0),
      }));
      const voters = list.reduce((n, x) => n + Object.keys((x.f!.state as PollState).ballots ?? {}).length, 0);
      return { title: t('results.poll', { count: voters }), bars, any: voters > 0 };
    }
    const bars: Bar[] = [];
    for (const x of list) {
      const g = groups.find((gg) => gg.id === x.b.group);
      const votes = (x.f!.state as { votes?: Record<string, Record<string, number>> }).votes;
      for (const item of itemsOf(kind, x.f!.state, lang)) {
        const n = dotsOn(votes, item.id);
        if (n > 0) bars.push({ label: g ? t('results.item', { group: g.name, text: item.text }) : item.text, value: n, colour: g ? groupStyle(g.position).colour : undefined });
      }
    }
    bars.sort((a, b) => b.value - a.value);
    return { title: t('results.topVoted'), bars: bars.slice(0, 6), any: bars.length > 0 };
  }, [boards, feeds, groups, lang, t]);

  return (
    <>
      {boards.map((b) => (
        <BoardFeed key={b.id} client={client} id={b.id} onFeed={onFeed} />
      ))}
      {result?.any && (
        <section className="pj-results" aria-label={result.title}>
          <h2 className="pj-results-title">{result.title}</h2>
          <Suspense fallback={null}>
            <VoteChart bars={result.bars} label={result.title} />
          </Suspense>
        </section>
      )}
    </>
  );
}

function BoardFeed({ client, id, onFeed }: { client: LiveClient; id: string; onFeed: (id: string, f: Feed | null) => void }) {
  const view = useBoard(client, id);
  const kind = view.kind;
  const state = view.state;
  useEffect(() => {
    if (kind && state) onFeed(id, { kind, state });
  }, [id, kind, state, onFeed]);
  useEffect(() => () => onFeed(id, null), [id, onFeed]);
  return null;
}
