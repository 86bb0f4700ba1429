// /j and /j/:code — a participant joins with a code (typed, or from the QR).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, formatJoinCode, normalizeJoinCode } from '../api/client';
import type { JoinInfo } from '../api/types';
import { apiErrorText } from '../shared/errors';
import { GroupMark } from '../shared/GroupMark';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { PageLoading } from '../shared/PageLoading';
import './participant.css';

const CODE_RE = /^[A-HJ-NP-Z2-9]{8}$/;

export default function JoinPage() {
  const { code } = useParams();
  return (
    <div className="pp-shell">
      <header className="pp-topbar">
        <div className="pp-topbar-row">
          <span className="pp-brand">Playbook</span>
          <LanguageSwitch />
        </div>
      </header>
      <main className="pp-main pp-join">{code ? <JoinWithCode code={code} /> : <EnterCode />}</main>
    </div>
  );
}

function EnterCode() {
  const { t } = useTranslation('participant');
  const navigate = useNavigate();
  const id = useId();
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const normal = normalizeJoinCode(value);
  const valid = CODE_RE.test(normal);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (valid) navigate(`/j/${normal}`);
  };
  return (
    <form className="pp-card" onSubmit={submit} noValidate>
      <h1 className="pp-h1">{t('join.title')}</h1>
      <p className="pp-muted">{t('join.codeIntro')}</p>
      <label className="pp-label" htmlFor={id}>
        {t('join.codeLabel')}
      </label>
      <input
        id={id}
        className="pp-input pp-code-input"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => setTouched(true)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        inputMode="text"
        placeholder={t('join.codePlaceholder')}
        aria-invalid={touched && !valid}
        aria-describedby={`${id}-err`}
        maxLength={200}
      />
      <p id={`${id}-err`} className="pp-field-error" role="alert">
        {touched && value && !valid ? t('join.codeInvalid') : ''}
      </p>
      <button type="submit" className="pp-btn pp-btn-primary pp-btn-block">
        {t('join.continue')}
      </button>
    </form>
  );
}

function JoinWithCode({ code }: { code: string }) {
  const { t } = useTranslation(['participant', 'errors']);
  const navigate = useNavigate();
  const nameId = useId();
  const [info, setInfo] = useState<JoinInfo | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [group, setGroup] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [nameError, setNameError] = useState('');
  const [formError, setFormError] = useState('');

  useEffect(() => {
    let live = true;
    setInfo(null);
    setLoadError(null);
    api.joinInfo(normalizeJoinCode(code)).then(
      (i) => {
        if (!live) return;
        if (i.joined) navigate(`/w/${i.workshop.id}`, { replace: true });
        else setInfo(i);
      },
      (e) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [code, navigate]);

  if (loadError) {
    const notFound = loadError instanceof ApiError && loadError.status === 404;
    return (
      <div className="pp-card" role="alert">
        <h1 className="pp-h1">{notFound ? t('join.notFoundTitle') : t('join.loadFailedTitle')}</h1>
        <p className="pp-muted">{notFound ? t('join.notFound', { code: formatJoinCode(code) }) : apiErrorText(t, loadError)}</p>
        <Link className="pp-btn pp-btn-block" to="/j">
          {t('join.enterAnother')}
        </Link>
      </div>
    );
  }
  if (!info) return <PageLoading />;

  const trimmed = name.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError('');
    if (!trimmed) {
      setNameError(t('join.nameRequired'));
      return;
    }
    if ([...trimmed].length > 40) {
      setNameError(t('join.nameTooLong'));
      return;
    }
    setBusy(true);
    try {
      const view = await api.join(normalizeJoinCode(code), trimmed, group || undefined);
      navigate(`/w/${view.workshop.id}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.field === 'name') setNameError(apiErrorText(t, err));
      else setFormError(apiErrorText(t, err));
      setBusy(false);
    }
  };

  return (
    <form className="pp-card" onSubmit={submit} noValidate>
      <p className="pp-eyebrow">{info.workshop.client_company}</p>
      <h1 className="pp-h1">{info.workshop.title}</h1>
      <p className="pp-muted">{t('join.welcome')}</p>

      <label className="pp-label" htmlFor={nameId}>
        {t('join.nameLabel')}
      </label>
      <input
        id={nameId}
        className="pp-input"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setNameError('');
        }}
        autoComplete="name"
        maxLength={60}
        placeholder={t('join.namePlaceholder')}
        aria-invalid={!!nameError}
        aria-describedby={`${nameId}-err`}
        enterKeyHint="done"
      />
      <p id={`${nameId}-err`} className="pp-field-error" role="alert">
        {nameError}
      </p>

      <fieldset className="pp-fieldset">
        <legend className="pp-label">{t('join.groupLabel')}</legend>
        <div className="pp-group-options">
          <label className={`pp-group-option${group === '' ? ' is-selected' : ''}`}>
            <input type="radio" name="group" value="" checked={group === ''} onChange={() => setGroup('')} />
            <span className="pp-group-name">{t('join.assignMe')}</span>
            <span className="pp-group-meta">{t('join.assignMeHint')}</span>
          </label>
          {info.groups.map((g, i) => (
            <label key={g.id} className={`pp-group-option${group === g.id ? ' is-selected' : ''}`}>
              <input type="radio" name="group" value={g.id} checked={group === g.id} onChange={() => setGroup(g.id)} />
              <span className="pp-group-name">
                <GroupMark position={i + 1} name={g.name} size={18} />
              </span>
              <span className="pp-group-meta">{t('join.members', { count: g.members })}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {formError && (
        <p className="pp-form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="pp-btn pp-btn-primary pp-btn-block" disabled={busy}>
        {busy ? t('join.joining') : t('join.join')}
      </button>
    </form>
  );
}
