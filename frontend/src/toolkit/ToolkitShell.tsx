// The frame of the participant's toolkit pages: a top bar with the way back
// and the language switch, then the page.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { LanguageSwitch } from '../shared/LanguageSwitch';

export function ToolkitShell({ back, backLabel, mainClassName = 'pp-main', children }: { back: string; backLabel: string; mainClassName?: string; children: ReactNode }) {
  return (
    <div className="pp-shell">
      <header className="pp-topbar">
        <div className="pp-topbar-row">
          <Link to={back} className="pt-back">
            {backLabel}
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main className={mainClassName}>{children}</main>
    </div>
  );
}
