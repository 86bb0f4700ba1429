// The console's first-run guide: five steps that run one activity, naming the
// very buttons on the page. Shown until the trainer hides it (remembered in
// this browser); the "How to run an activity" button brings it back.
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJoinCode } from '../api/client';

const HIDDEN_KEY = 'playbook.console.guide.hidden';

function readHidden(): boolean {
  try {
    return localStorage.getItem(HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}

function writeHidden(hidden: boolean) {
  try {
    if (hidden) localStorage.setItem(HIDDEN_KEY, '1');
    else localStorage.removeItem(HIDDEN_KEY);
  } catch {
    // Private mode: the guide just shows again next time.
  }
}

/** useConsoleGuide returns whether the guide shows and the toggles for it. */
export function useConsoleGuide() {
  const [hidden, setHidden] = useState(readHidden);
  return {
    shown: !hidden,
    hide: () => {
      writeHidden(true);
      setHidden(true);
    },
    show: () => {
      writeHidden(false);
      setHidden(false);
    },
  };
}

/** The button that brings the guide back once hidden. */
export function ConsoleGuideButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation('console');
  return (
    <Button icon={<QuestionCircleOutlined />} onClick={onClick} size="large">
      {t('guide.reopen')}
    </Button>
  );
}

export function ConsoleGuide({ joinCode, onHide }: { joinCode: string; onHide: () => void }) {
  const { t } = useTranslation(['console', 'facilitation']);
  const labels = {
    projector: t('console.projector'),
    code: formatJoinCode(joinCode),
    roster: t('guide.rosterTab'),
    open: t('agenda.open'),
    next: t('agenda.next'),
    timer: t('facilitation:timer.start'),
    lock: t('facilitation:lock.lockAll'),
    spotlight: t('facilitation:spotlight.choose'),
    gallery: t('facilitation:gallery.start'),
    comment: t('facilitation:comments.open'),
  };
  const steps = ['join', 'open', 'timer', 'watch', 'wrap'] as const;
  return (
    <Card
      size="small"
      className="pc-guide"
      title={t('guide.title')}
      extra={
        <Button type="link" onClick={onHide}>
          {t('guide.hide')}
        </Button>
      }
    >
      <ol className="pc-guide-steps">
        {steps.map((s) => (
          <li key={s}>
            <strong>{t(`guide.steps.${s}.title`)}</strong>
            <span>{t(`guide.steps.${s}.text`, labels)}</span>
          </li>
        ))}
      </ol>
      <p className="pc-guide-foot">{t('guide.keys')}</p>
    </Card>
  );
}
