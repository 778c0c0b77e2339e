import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from './api-client';
import { DataVersion, useLoad } from './hooks';
import { href, navigate, parseHash, useRoute } from './url-state';
import { Overview } from './views/Overview';
import { Customers } from './views/Customers';
import { Propensity } from './views/Propensity';
import { Whitespace } from './views/Whitespace';
import { Agreements } from './views/Agreements';
import { Imports } from './views/Imports';
import { SavedViews } from './views/SavedViews';
import { Settings } from './views/Settings';
import { ErrorBanner } from './components/ErrorBanner';
import { PAGE_KEYS, PAGES, type Page } from './labels';
import { useT } from './i18n';

/** The pages whose content is a grid: the skip link goes straight into it. */
const GRID_PAGES: ReadonlySet<Page> = new Set(['customers', 'propensity', 'agreements']);

export function App() {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const ctx = useMemo(() => ({ version, bump }), [version, bump]);
  return (
    <DataVersion.Provider value={ctx}>
      <Shell />
    </DataVersion.Provider>
  );
}

/**
 * The skip link's target: the grid's first cell (AG Grid takes a focused cell as its own, so the
 * arrow keys work at once), else the grid or the page's content.
 */
function skip(e: React.MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  const grid = document.querySelector<HTMLElement>('[data-skip-target="grid"]');
  const cell = grid?.querySelector<HTMLElement>('.ag-cell[tabindex]');
  (cell ?? grid ?? document.getElementById('main'))?.focus();
}

function Shell() {
  const t = useT();
  const route = useRoute();
  const ws = useLoad(() => api.workspace({}), 'ws');
  const known = PAGES.some((n) => n === route.path);
  // An empty hash lands on the call list once the workspace holds current data (the service
  // builds its book in turns as the workspace opens), else on the Overview and its way to import.
  const landing = route.path === '';
  const landOn: Page | null = ws.data
    ? ws.data.current
      ? 'customers'
      : 'overview'
    : ws.error
      ? 'overview'
      : null;
  useEffect(() => {
    // The URL read afresh: a link followed while the workspace was asked for is not overridden.
    if (landing && landOn && parseHash(location.hash).path === '') navigate(href(landOn), { replace: true });
  }, [landing, landOn]);
  const path: Page | null = known ? (route.path as Page) : landing ? landOn : 'overview';
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skip}>
        {path && GRID_PAGES.has(path) ? t('app.skipToGrid') : t('app.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ▲
          </span>
          {t('app.name')}
        </div>
        <nav aria-label={t('app.nav')}>
          <ul>
            {PAGES.map((n) => (
              <li key={n}>
                <a href={href(n)} aria-current={path === n ? 'page' : undefined}>
                  {t(PAGE_KEYS[n])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          {ws.data?.isSample ? <span className="badge">{t('app.sampleData')}</span> : null}
          {ws.data ? (
            <span className="muted small" title={t('app.workspaceFile', { path: ws.data.path })}>
              {ws.data.path.split(/[\\/]/).pop()}
            </span>
          ) : null}
        </div>
      </aside>
      <main className="content" id="main" tabIndex={-1}>
        <ErrorBanner message={ws.error} />
        {path === 'customers' && <Customers params={route.params} />}
        {path === 'overview' && <Overview empty={ws.data?.empty ?? false} />}
        {path === 'propensity' && <Propensity params={route.params} />}
        {path === 'whitespace' && <Whitespace />}
        {path === 'agreements' && <Agreements params={route.params} />}
        {path === 'imports' && <Imports />}
        {path === 'views' && <SavedViews />}
        {path === 'settings' && <Settings />}
      </main>
    </div>
  );
}
