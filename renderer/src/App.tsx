import { useCallback, useMemo, useState } from 'react';
import { api } from './api-client';
import { DataVersion, useLoad } from './hooks';
import { href, useRoute } from './url-state';
import { Overview } from './views/Overview';
import { Customers } from './views/Customers';
import { Propensity } from './views/Propensity';
import { Whitespace } from './views/Whitespace';
import { Agreements } from './views/Agreements';
import { Imports } from './views/Imports';
import { SavedViews } from './views/SavedViews';
import { Settings } from './views/Settings';
import { ErrorBanner } from './components/ErrorBanner';
import { PAGE_LABELS, PAGES } from './labels';

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

function Shell() {
  const route = useRoute();
  const ws = useLoad(() => api.workspace({}), 'ws');
  const known = PAGES.some((n) => n === route.path);
  // The call list is not yet the landing view: at 500k customers its first answer builds the
  // customer book synchronously in the service (seconds), which would stall the app's opening.
  const path = known ? route.path : 'overview';
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ▲
          </span>
          Ascent Workbench
        </div>
        <nav aria-label="Main">
          <ul>
            {PAGES.map((n) => (
              <li key={n}>
                <a href={href(n)} aria-current={path === n ? 'page' : undefined}>
                  {PAGE_LABELS[n]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          {ws.data?.isSample ? <span className="badge">Sample data</span> : null}
          {ws.data ? (
            <span className="muted small" title={ws.data.path}>
              {ws.data.path.split(/[\\/]/).pop()}
            </span>
          ) : null}
        </div>
      </aside>
      <main className="content" id="main">
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
