// The rubric editor: the trainer's library (the built-in rubric can be copied,
// not changed), criteria with weights that must add up to 100 — checked as
// you type — an anchor for every level, must-pass levels, the pass threshold.
import { Alert, App, Button, Card, Checkbox, Col, Input, InputNumber, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RubricEntry } from '../api/types';
import { pick } from '../i18n';
import type { Rubric, Text } from '../protocol/messages.gen';
import { apiErrorText } from '../shared/errors';
import { rescale, rubricProblems, weightSum } from './model';

const emptyText = (): Text => ({ 'zh-CN': '', en: '' });

export function RubricEditor({ workshopId, activity, current, locked }: { workshopId: string; activity: string; current: Rubric | null; locked: boolean }) {
  const { t, i18n } = useTranslation(['passoff', 'errors']);
  const { message } = App.useApp();
  const lang = i18n.language;
  const [library, setLibrary] = useState<RubricEntry[]>([]);
  const [selected, setSelected] = useState<string>('');
  const [draft, setDraft] = useState<Rubric | null>(null);
  const load = useCallback(
    (select?: string) =>
      api.rubrics().then(
        (r) => {
          setLibrary(r.rubrics);
          const pickId = select ?? selected ?? '';
          const entry = r.rubrics.find((x) => x.id === pickId) ?? r.rubrics[0];
          if (entry) {
            setSelected(entry.id);
            setDraft(structuredClone(entry.rubric));
          }
        },
        (e) => message.error(apiErrorText(t, e)),
      ),
    [message, t, selected],
  );
  useEffect(() => {
    load('builtin');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const entry = library.find((x) => x.id === selected);
  const problems = useMemo(() => (draft ? rubricProblems(draft) : []), [draft]);
  if (!draft || !entry) return null;
  const sum = weightSum(draft);
  const set = (f: (r: Rubric) => Rubric) => setDraft((r) => (r ? f(structuredClone(r)) : r));
  const problemsOf = (i: number) => problems.filter((p) => p.criterion === i);

  const save = async () => {
    try {
      const saved = entry.builtin ? await api.createRubric(draft) : await api.updateRubric(entry.id, draft);
      message.success(t('rubric.saved'));
      await load(saved.id);
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };
  const copy = async () => {
    try {
      const c = await api.copyRubric(entry.id);
      await load(c.id);
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };
  const useForRound = async () => {
    try {
      await api.setRoundRubric(workshopId, activity, entry.id);
      message.success(t('rubric.applied'));
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Space wrap>
          <Select
            style={{ minWidth: 280 }}
            value={selected}
            aria-label={t('rubric.library')}
            onChange={(v) => load(v)}
            options={library.map((r) => ({ value: r.id, label: r.builtin ? t('rubric.builtinNamed', { name: pick(r.rubric.name, lang) }) : pick(r.rubric.name, lang) || r.name }))}
          />
          <Button onClick={copy}>{t('rubric.copy')}</Button>
          {!entry.builtin && (
            <Popconfirm title={t('rubric.deleteConfirm')} okText={t('rubric.delete')} cancelText={t('round.cancel')} onConfirm={() => api.deleteRubric(entry.id).then(() => load('builtin'))}>
              <Button danger>{t('rubric.delete')}</Button>
            </Popconfirm>
          )}
          <Button type="primary" onClick={useForRound} disabled={locked}>
            {t('rubric.useForRound')}
          </Button>
          {current && <Typography.Text type="secondary">{t('rubric.roundUses', { name: pick(current.name, lang) })}</Typography.Text>}
        </Space>
        {locked && <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('rubric.locked')} />}
      </Card>
      {entry.builtin && <Alert type="info" showIcon title={t('rubric.builtinReadOnly')} />}
      <Card
        title={
          <Space wrap>
            <Input
              value={draft.name['zh-CN']}
              onChange={(e) => set((r) => ({ ...r, name: { ...r.name, 'zh-CN': e.target.value } }))}
              aria-label={t('rubric.nameZh')}
              placeholder={t('rubric.nameZh')}
              style={{ width: 260 }}
              disabled={entry.builtin}
            />
            <Input
              value={draft.name.en}
              onChange={(e) => set((r) => ({ ...r, name: { ...r.name, en: e.target.value } }))}
              aria-label={t('rubric.nameEn')}
              placeholder={t('rubric.nameEn')}
              style={{ width: 260 }}
              disabled={entry.builtin}
            />
          </Space>
        }
        extra={
          <Space wrap>
            <span>{t('rubric.scale')}</span>
            <InputNumber min={0} max={9} value={draft.scale.min} aria-label={t('rubric.scaleMin')} disabled={entry.builtin} onChange={(v) => set((r) => rescale(r, v ?? 0, r.scale.max))} />
            <span>–</span>
            <InputNumber min={1} max={10} value={draft.scale.max} aria-label={t('rubric.scaleMax')} disabled={entry.builtin} onChange={(v) => set((r) => rescale(r, r.scale.min, v ?? 1))} />
            <span>{t('rubric.pass')}</span>
            <InputNumber min={1} max={100} value={draft.pass_percent} aria-label={t('rubric.pass')} disabled={entry.builtin} onChange={(v) => set((r) => ({ ...r, pass_percent: v ?? 0 }))} />
            <span>%</span>
          </Space>
        }
      >
        <div className={`po-weight-sum${sum === 100 ? ' is-ok' : ' is-bad'}`} role="status" data-testid="weight-sum">
          {sum === 100 ? t('rubric.weightsOk') : t('rubric.weightsBad', { sum })}
        </div>
        {draft.criteria.map((c, i) => (
          <Card
            key={i}
            size="small"
            style={{ marginTop: 12 }}
            title={
              <Space wrap>
                <Input value={c.name['zh-CN']} onChange={(e) => set((r) => (r.criteria[i].name['zh-CN'] = e.target.value, r))} aria-label={t('rubric.criterionZh', { n: i + 1 })} placeholder={t('rubric.criterionZh', { n: i + 1 })} disabled={entry.builtin} style={{ width: 180 }} />
                <Input value={c.name.en} onChange={(e) => set((r) => (r.criteria[i].name.en = e.target.value, r))} aria-label={t('rubric.criterionEn', { n: i + 1 })} placeholder={t('rubric.criterionEn', { n: i + 1 })} disabled={entry.builtin} style={{ width: 200 }} />
                <span>{t('rubric.weight')}</span>
                <InputNumber
                  min={1}
                  max={100}
                  value={c.weight}
                  status={problemsOf(i).some((p) => p.key === 'rubric.problem.weight') || sum !== 100 ? 'warning' : undefined}
                  aria-label={t('rubric.weightOf', { n: i + 1 })}
                  disabled={entry.builtin}
                  onChange={(v) => set((r) => (r.criteria[i].weight = v ?? 0, r))}
                />
                <Checkbox
                  checked={c.min_level != null}
                  disabled={entry.builtin}
                  onChange={(e) => set((r) => (r.criteria[i].min_level = e.target.checked ? Math.min(r.scale.max, r.scale.min + 2) : null, r))}
                >
                  {t('rubric.mustPass')}
                </Checkbox>
                {c.min_level != null && (
                  <InputNumber min={draft.scale.min + 1} max={draft.scale.max} value={c.min_level} aria-label={t('rubric.minLevel')} disabled={entry.builtin} onChange={(v) => set((r) => (r.criteria[i].min_level = v, r))} />
                )}
              </Space>
            }
            extra={
              !entry.builtin && (
                <Button size="small" danger onClick={() => set((r) => ({ ...r, criteria: r.criteria.filter((_, j) => j !== i) }))} aria-label={t('rubric.removeCriterion', { n: i + 1 })}>
                  ×
                </Button>
              )
            }
          >
            <Row gutter={[8, 8]}>
              {c.anchors.map((a, l) => (
                <Col xs={24} md={12} xl={8} key={l}>
                  <Typography.Text strong>{t('rubric.level', { level: draft.scale.min + l })}</Typography.Text>
                  <Input.TextArea
                    value={lang === 'en' ? a.en : a['zh-CN']}
                    status={!a['zh-CN'] && !a.en ? 'error' : undefined}
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    aria-label={t('rubric.anchorOf', { n: i + 1, level: draft.scale.min + l })}
                    disabled={entry.builtin}
                    onChange={(e) =>
                      set((r) => {
                        const key = lang === 'en' ? 'en' : 'zh-CN';
                        r.criteria[i].anchors[l] = { ...r.criteria[i].anchors[l], [key]: e.target.value };
                        return r;
                      })
                    }
                  />
                </Col>
              ))}
            </Row>
            {problemsOf(i).map((p, k) => (
              <Typography.Text key={k} type="danger" style={{ display: 'block' }}>
                {t(p.key, p.values)}
              </Typography.Text>
            ))}
          </Card>
        ))}
        {!entry.builtin && (
          <Button
            style={{ marginTop: 12 }}
            onClick={() =>
              set((r) => ({
                ...r,
                criteria: [
                  ...r.criteria,
                  { id: `c${Date.now().toString(36)}`, name: emptyText(), weight: 0, anchors: Array.from({ length: r.scale.max - r.scale.min + 1 }, emptyText), min_level: null },
                ],
              }))
            }
          >
            {t('rubric.addCriterion')}
          </Button>
        )}
        {problems.filter((p) => p.criterion === undefined).map((p, k) => (
          <Alert key={k} style={{ marginTop: 8 }} type="error" showIcon title={t(p.key, p.values)} />
        ))}
        <div style={{ marginTop: 16 }}>
          <Space>
            <Button type="primary" disabled={problems.length > 0 || entry.builtin} onClick={save} data-testid="rubric-save">
              {t('rubric.save')}
            </Button>
            {problems.length > 0 ? <Tag color="error">{t('rubric.cannotSave', { count: problems.length })}</Tag> : <Tag color="success">{t('rubric.valid')}</Tag>}
          </Space>
        </div>
      </Card>
    </Space>
  );
}
