// /w/:workshopId/takeaway — what a participant takes home from the playbook:
// their group's outputs (every structured board the group worked on, as one
// playbook) and the company playbook once the trainer has published it.
// A download that is not ready says why instead of opening an error page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { useParticipantView } from '../participant/useView';
import '../participant/participant.css';
import { apiErrorText } from '../shared/errors';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { PageLoading } from '../shared/PageLoading';
import type { ExportFormat } from './types';
import './playbook.css';

const GROUP: ExportFormat[] = ['json', 'xlsx', 'report'];
const COMPANY: ExportFormat[] = ['report', 'xlsx', 'csv', 'salesforce', 'hubspot', 'pipedrive', 'odoo', 'json'];

export default function TakeawayPage() {
  const { workshopId = '' } = useParams();
  const { t } = useTranslation(['playbook', 'errors']);
  const { view, error } = useParticipantView(workshopId);
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (error) return <p className="pp-card">{apiErrorText(t, error)}</p>;
  if (!view) return <PageLoading />;

  const fetchDownload = async (key: string, url: string) => {
    setNotes((n) => ({ ...n, [key]: '' }));
    try {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { problems?: unknown[] } } | null;
        const count = body?.error?.problems?.length ?? 0;
        const why = res.status === 404 ? t('takeaway.notPublished') : res.status === 422 ? t('takeaway.notReady', { count }) : t('takeaway.failed');
        setNotes((n) => ({ ...n, [key]: why }));
        return;
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'playbook';
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch {
      setNotes((n) => ({ ...n, [key]: t('takeaway.failed') }));
    }
  };

  const list = (scope: 'group' | 'company', formats: ExportFormat[]) => (
    <ul className="pb-downloads">
      {formats.map((f) => {
        const key = `${scope}-${f}`;
        const url = api.groupExportURL(workshopId, f) + (scope === 'company' ? '?scope=company' : '');
        return (
          <li key={f}>
            <button type="button" className="pp-btn pp-btn-block" onClick={() => fetchDownload(key, url)}>
              {t(`formats.${f}`)}
            </button>
            {notes[key] && <p className="pb-issues" role="status">{notes[key]}</p>}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="pp-shell">
      <header className="pp-topbar">
        <div className="pp-topbar-row">
          <Link to={`/w/${workshopId}`}>{t('takeaway.back')}</Link>
          <LanguageSwitch />
        </div>
      </header>
      <main className="pp-main">
        <h1 className="pp-h1">{t('takeaway.title')}</h1>
        <section className="pp-card" aria-labelledby="pb-take-group">
          <h2 id="pb-take-group" className="pp-h2">{t('takeaway.group', { group: view.group?.name ?? '' })}</h2>
          <p className="pp-muted">{t('takeaway.groupIntro')}</p>
          {view.group ? list('group', GROUP) : <p className="pp-muted">{t('takeaway.noGroup')}</p>}
        </section>
        <section className="pp-card" aria-labelledby="pb-take-company">
          <h2 id="pb-take-company" className="pp-h2">{t('takeaway.company', { company: view.workshop.client_company })}</h2>
          <p className="pp-muted">{t('takeaway.companyIntro')}</p>
          {list('company', COMPANY)}
        </section>
      </main>
    </div>
  );
}
