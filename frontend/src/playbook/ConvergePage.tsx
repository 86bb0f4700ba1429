// /workshops/:id/playbook — converging the groups' versions into the
// company playbook: pick an activity, see every group's version beside the
// company version, adopt a whole version, an item or a field (each adoption
// records its group), see the client cases the appendix will carry, see every
// failing check, publish a version, download the exports.
import { ArrowLeftOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { Workshop } from '../api/types';
import { activityLabel } from '../facilitation/agenda';
import { allActivities } from '../participant/curriculum';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import { AppendixCard } from './AppendixCard';
import {
  EXPORT_FORMATS,
  type CompanyPlaybook,
  type Comparison,
  type PlaybookVote,
  type Problem,
  type Provenance,
} from './types';
import './converge.css';

type Item = Record<string, unknown> & { id?: string };

/** How a section lists its items, and which fields to show and adopt. */
interface ListSpec {
  key: string; // path inside the section ('' when the section is the list)
  show: (it: Item, t: (k: string, o?: Record<string, unknown>) => string) => string;
  field?: { name: string; label: string; format: (v: unknown) => string };
}

const money = (v: unknown) => (typeof v === 'number' ? (v / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : '');
const pct = (v: unknown) => `${v}%`;

/** How each section is listed, by its document path. */
const SPECS: Record<string, ListSpec[]> = {
  '$.stages': [
    {
      key: 'stages',
      show: (it, t) => `${it.name || t('converge.unnamed')} · ${t(`stagesShort.${it.status}`)}`,
      field: { name: 'probability', label: 'converge.fields.probability', format: pct },
    },
  ],
  '$.kpis': [{ key: '', show: (it, t) => `${it.name} · ${t(`kpiKinds.${it.kind}`)}`, field: { name: 'weight', label: 'converge.fields.weight', format: pct } }],
  '$.meetings': [{ key: '', show: (it) => `${it.name} · ${it.cadence}` }],
  '$.daily_tables': [{ key: '', show: (it) => `${it.name} · ${(it.columns as unknown[] | undefined)?.length ?? 0}` }],
  '$.customer_tiers': [{ key: 'tiers', show: (it) => `${it.name} · ${((it.criteria as string[]) ?? []).join('；')}` }],
  '$.targets': [
    { key: 'quarters', show: (it) => `${it.label}`, field: { name: 'amount_minor', label: 'converge.fields.amount', format: money } },
    { key: 'regions', show: (it) => `${it.name}`, field: { name: 'amount_minor', label: 'converge.fields.amount', format: money } },
  ],
  '$.team_structure': [{ key: 'tiers', show: (it, t) => t('converge.teamTier', { name: it.name, count: it.count, ideal: it.ideal }) }],
  '$.value_props': [{ key: '', show: (it) => `${it.value}`, field: { name: 'strength', label: 'converge.fields.strength', format: (v) => `${v}/5` } }],
  '$.discovery': [{ key: 'layers', show: (it) => `${it.name} · ${[...((it.needs as string[]) ?? []), ...((it.questions as string[]) ?? [])].join('；')}` }],
  '$.persona': [{ key: 'attributes', show: (it, t) => `${t(`personaLayers.${it.layer}`)} · ${it.text}${it.must_have ? ' ★' : ''}` }],
  '$.training_plan': [{ key: '', show: (it) => `${it.capability} · ${it.method}` }],
  '$.actions': [{ key: '', show: (it) => `${it.action} · ${it.owner}` }],
};

const nameOf = (it: Item) => String(it.name ?? it.label ?? '');

/** The company's item a group's item corresponds to: the same id, else the same name. */
function matchIn(company: Item[], it: Item): Item | undefined {
  return company.find((c) => c.id === it.id) ?? company.find((c) => nameOf(c) !== '' && nameOf(c) === nameOf(it));
}

function listAt(section: unknown, key: string): Item[] {
  const v = key ? (section as Record<string, unknown> | null)?.[key] : section;
  return Array.isArray(v) ? (v as Item[]) : [];
}

/** An item's document path: by id, or by position for lists without ids. */
function itemPath(sectionPath: string, key: string, it: Item, index: number): string {
  return `${sectionPath}${key ? '.' + key : ''}[${it.id ? `id=${it.id}` : index}]`;
}

export default function ConvergePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['playbook', 'errors']);
  const { message } = App.useApp();
  const lang = i18n.language;
  const [workshop, setWorkshop] = useState<Workshop | null>(null);
  const [company, setCompany] = useState<CompanyPlaybook | null>(null);
  const [activity, setActivity] = useState('');
  const [cmp, setCmp] = useState<Comparison | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Problem[] | null>(null);
  const [votes, setVotes] = useState<PlaybookVote[]>([]);

  const loadVotes = useCallback(() => {
    api.votes(id).then((r) => setVotes(r.votes), () => {});
  }, [id]);
  useEffect(loadVotes, [loadVotes]);
  const openVotes = votes.some((v) => !v.decided);
  useEffect(() => {
    if (!openVotes) return;
    const timer = setInterval(loadVotes, 3000);
    return () => clearInterval(timer);
  }, [openVotes, loadVotes]);

  const activities = useMemo(() => {
    const feeds = new Set((company?.activities ?? []).map((a) => a.id));
    return allActivities(workshop?.curriculum).filter((a) => feeds.has(a.activity.id));
  }, [workshop, company?.activities]);

  useEffect(() => {
    Promise.all([api.workshop(id), api.companyPlaybook(id)]).then(
      ([w, c]) => {
        setWorkshop(w);
        setCompany(c);
      },
      (e) => setError(apiErrorText(t, e)),
    );
  }, [id, t]);
  useEffect(() => {
    if (!activity && activities.length > 0) setActivity((activities.find((a) => a.activity.template === 'stages') ?? activities[0]).activity.id);
  }, [activities, activity]);

  const loadCompare = useCallback(() => {
    if (!activity) return;
    api.comparePlaybook(id, activity).then(setCmp, (e) => message.error(apiErrorText(t, e)));
  }, [id, activity, message, t]);
  useEffect(loadCompare, [loadCompare]);

  const run = async (fn: () => Promise<CompanyPlaybook>, done?: string) => {
    setBusy(true);
    try {
      const c = await fn();
      setCompany(c);
      setRefused(null);
      loadCompare();
      if (done) message.success(done);
    } catch (e) {
      message.error(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    try {
      const v = await api.publishPlaybook(id);
      setRefused(null);
      setCompany(await api.companyPlaybook(id));
      message.success(t('converge.published', { version: v.version }));
    } catch (e) {
      if (e instanceof ApiError && e.problems) setRefused(e.problems);
      else message.error(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const startVote = async (input: { activity: string; path: string; label: string; sources: { group: string; path: string }[] }) => {
    setBusy(true);
    try {
      await api.createVote(id, input);
      loadVotes();
      message.success(t('converge.voteStarted'));
    } catch (e) {
      message.error(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const decide = (vote: PlaybookVote) =>
    run(async () => {
      const c = await api.decideVote(id, vote.id);
      loadVotes();
      return c;
    }, t('converge.voteDecided'));

  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (!workshop || !company) return <PageLoading />;
  const latest = company.versions[0];
  const specs = (cmp && SPECS[cmp.section]) ?? [];
  const problemText = (p: Problem) => (lang === 'en' ? p.message : p.message_zh || p.message);

  return (
    <div className="pc-page pg-page">
      <Space className="pg-head" align="center" wrap>
        <Link to={`/workshops/${id}`} aria-label={t('converge.back')}>
          <ArrowLeftOutlined /> {t('converge.back')}
        </Link>
        <Typography.Title level={2} className="pg-title">
          {t('converge.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{workshop.client_company}</Typography.Text>
      </Space>

      <Card size="small" className="pg-toolbar">
        <Space wrap>
          <Select
            className="pg-activity"
            aria-label={t('converge.activity')}
            value={activity || undefined}
            onChange={setActivity}
            options={activities.map(({ activity: a }) => ({ value: a.id, label: activityLabel(a, lang, 'question') }))}
          />
          <Button icon={<ReloadOutlined />} onClick={loadCompare}>
            {t('converge.refresh')}
          </Button>
        </Space>
      </Card>

      {!cmp ? (
        <PageLoading />
      ) : (
        <div className="pg-columns">
          {cmp.groups.map((g) => (
            <Card
              key={g.group_id}
              size="small"
              className="pg-col"
              data-group={g.group_id}
              title={
                <Space>
                  <span>{g.group_name}</span>
                  {g.issues.length > 0 ? (
                    <Tag color="warning">{t('converge.issues', { count: g.issues.length })}</Tag>
                  ) : (
                    <Tag color="success">{t('converge.clean')}</Tag>
                  )}
                </Space>
              }
              extra={
                <Button size="small" type="primary" disabled={busy} onClick={() => run(() => api.adopt(id, cmp.activity, g.group_id), t('converge.adoptedAll', { group: g.group_name }))}
                  aria-label={t('converge.adoptAllNamed', { group: g.group_name })}>
                  {t('converge.adoptAll')}
                </Button>
              }
            >
              {specs.map((spec) => {
                const companyItems = listAt(cmp.company, spec.key);
                const into = (it: Item, suffix = '') => {
                  const m = matchIn(companyItems, it);
                  return m?.id ? itemPath(cmp.section, spec.key, m, 0) + suffix : undefined;
                };
                return (
                <ItemList key={spec.key} items={listAt(g.section, spec.key)} spec={spec}
                  onAdopt={(it, i) => run(() => api.adopt(id, cmp.activity, g.group_id, itemPath(cmp.section, spec.key, it, i), it.id ? into(it) : undefined), t('converge.adoptedItem'))}
                  canAdoptField={(it) => !!it.id && !!into(it)}
                  onAdoptField={(it, f, i) => run(() => api.adopt(id, cmp.activity, g.group_id, `${itemPath(cmp.section, spec.key, it, i)}.${f}`, into(it, '.' + f)), t('converge.adoptedItem'))}
                  adoptLabel={(it) => t('converge.adoptItemNamed', { group: g.group_name, item: spec.show(it, t) })}
                  fieldLabel={(it) => spec.field && t('converge.adoptFieldNamed', { group: g.group_name, item: spec.show(it, t), field: t(spec.field.label) })}
                  busy={busy} />
                );
              })}
            </Card>
          ))}
          <Card size="small" className="pg-col pg-company" title={t('converge.company')}>
            {specs.map((spec) => {
              // The groups' values of an item's field, for a room vote when they differ.
              const sourcesOf = (it: Item) => {
                if (!spec.field) return [];
                return cmp.groups.flatMap((g) => {
                  const items = listAt(g.section, spec.key);
                  const m = matchIn(items, it);
                  if (!m?.id) return [];
                  return [{ group: g.group_id, path: `${itemPath(cmp.section, spec.key, m, 0)}.${spec.field!.name}`, value: JSON.stringify(m[spec.field!.name]) }];
                });
              };
              return (
                <ItemList key={spec.key} items={listAt(cmp.company, spec.key)} spec={spec}
                  provenance={(it) => provenanceOf(company.provenance, cmp.section, spec, it)}
                  canVote={(it) => !!it.id && new Set(sourcesOf(it).map((x) => x.value)).size > 1}
                  voteLabel={(it) => t('converge.voteNamed', { item: spec.show(it, t), field: t(spec.field!.label) })}
                  onVote={(it) =>
                    startVote({
                      activity: cmp.activity,
                      path: `${itemPath(cmp.section, spec.key, it, 0)}.${spec.field!.name}`,
                      label: `${nameOf(it)} · ${t(spec.field!.label)}`.slice(0, 60),
                      sources: sourcesOf(it).map(({ group, path }) => ({ group, path })),
                    })
                  }
                  busy={busy} />
              );
            })}
            {specs.every((spec) => listAt(cmp.company, spec.key).length === 0) && (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('converge.emptyCompany')} />
            )}
          </Card>
        </div>
      )}

      {votes.length > 0 && (
        <Card size="small" className="pg-votes" title={t('converge.votes')}>
          {votes.map((v) => (
            <div key={v.id} className="pg-vote" data-vote={v.id}>
              <Typography.Text strong>{v.label}</Typography.Text>{' '}
              <Typography.Text type="secondary">{t('converge.voters', { count: v.voters })}</Typography.Text>
              <ul className="pg-items">
                {v.options.map((o) => (
                  <li key={o.id} className={v.decided === o.id ? 'is-decided' : undefined}>
                    <span className="pg-item-name">{lang === 'en' ? o.title.en : o.title['zh-CN']}</span>
                    <span className="pg-item-field" data-count={o.count}>{t('converge.voteCount', { count: o.count })}</span>
                    {v.decided === o.id && <Tag color="success">{t('converge.adopted')}</Tag>}
                  </li>
                ))}
              </ul>
              {!v.decided && (
                <Button disabled={busy} onClick={() => decide(v)}>
                  {t('converge.decide')}
                </Button>
              )}
            </div>
          ))}
        </Card>
      )}

      <AppendixCard workshopId={id} cases={company.draft.appendix ?? []} latest={latest?.version} />

      <Card size="small" className="pg-publish" title={t('converge.checks')}>
        {company.problems.length === 0 ? (
          <Alert type="success" showIcon title={t('converge.valid')} />
        ) : (
          <Alert type="warning" showIcon title={t('converge.problems', { count: company.problems.length })}
            description={<ProblemList problems={company.problems} text={problemText} />} />
        )}
        {refused && (
          <Alert className="pg-gap" type="error" showIcon role="alert" title={t('converge.refused', { count: refused.length })}
            description={<ProblemList problems={refused} text={problemText} />} />
        )}
        <Space className="pg-gap" wrap>
          <Button type="primary" size="large" disabled={busy} onClick={publish}>
            {t('converge.publish')}
          </Button>
          {latest && <Badge status="success" text={t('converge.latest', { version: latest.version, at: new Date(latest.published_at).toLocaleString(lang) })} />}
        </Space>
      </Card>

      <Card size="small" className="pg-downloads" title={t('converge.downloads')}>
        {!latest ? (
          <Typography.Text type="secondary">{t('converge.noVersion')}</Typography.Text>
        ) : (
          <Space wrap>
            {EXPORT_FORMATS.map((f) => (
              <Button key={f} icon={<DownloadOutlined />} href={api.exportURL(id, f)} download>
                {t(`formats.${f}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

      {company.versions.length > 0 && (
        <Card size="small" className="pg-versions" title={t('converge.versions')}>
          {company.versions.map((v) => (
            <details key={v.version} className="pg-version">
              <summary>
                {t('converge.versionLine', { version: v.version, by: v.published_by, at: new Date(v.published_at).toLocaleString(lang), count: v.diff.length })}
              </summary>
              <pre>{v.diff_text}</pre>
            </details>
          ))}
        </Card>
      )}
    </div>
  );
}

function provenanceOf(prov: Record<string, Provenance>, section: string, spec: ListSpec, it: Item): Provenance | undefined {
  if (!it.id) return prov[section];
  const base = itemPath(section, spec.key, it, 0);
  return (spec.field && prov[`${base}.${spec.field.name}`]) || prov[base] || prov[section];
}

function ProblemList({ problems, text }: { problems: Problem[]; text: (p: Problem) => string }) {
  return (
    <ul className="pg-problems">
      {problems.map((p, i) => (
        <li key={i} data-code={p.code}>
          <code>{p.path}</code> {text(p)}
        </li>
      ))}
    </ul>
  );
}

function ItemList({
  items,
  spec,
  onAdopt,
  onAdoptField,
  canAdoptField,
  adoptLabel,
  fieldLabel,
  provenance,
  canVote,
  onVote,
  voteLabel,
  busy,
}: {
  items: Item[];
  spec: ListSpec;
  onAdopt?: (it: Item, index: number) => void;
  onAdoptField?: (it: Item, field: string, index: number) => void;
  canAdoptField?: (it: Item) => boolean;
  adoptLabel?: (it: Item) => string;
  fieldLabel?: (it: Item) => string | undefined;
  provenance?: (it: Item) => Provenance | undefined;
  canVote?: (it: Item) => boolean;
  onVote?: (it: Item) => void;
  voteLabel?: (it: Item) => string;
  busy?: boolean;
}) {
  const { t } = useTranslation('playbook');
  if (items.length === 0) return null;
  return (
    <ul className="pg-items">
      {items.map((it, i) => {
        const p = provenance?.(it);
        return (
          <li key={it.id ?? i}>
            <span className="pg-item-name">{spec.show(it, t)}</span>
            {spec.field && (
              <span className="pg-item-field">
                {spec.field.format(it[spec.field.name])}
                {onAdoptField && canAdoptField?.(it) && (
                  <Button size="small" type="link" disabled={busy} onClick={() => onAdoptField(it, spec.field!.name, i)} aria-label={fieldLabel?.(it)}>
                    {t('converge.adoptField')}
                  </Button>
                )}
              </span>
            )}
            {onAdopt && (
              <Button size="small" disabled={busy} onClick={() => onAdopt(it, i)} aria-label={adoptLabel?.(it)}>
                {t('converge.adoptItem')}
              </Button>
            )}
            {p && (
              <Tag className="pg-source" color={p.manual ? 'default' : 'blue'}>
                {p.manual ? t('converge.manual') : p.vote ? t('converge.fromVote', { group: p.group_name }) : t('converge.from', { group: p.group_name })}
              </Tag>
            )}
            {onVote && canVote?.(it) && (
              <Button size="small" type="dashed" disabled={busy} onClick={() => onVote(it)} aria-label={voteLabel?.(it)}>
                {t('converge.vote')}
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
