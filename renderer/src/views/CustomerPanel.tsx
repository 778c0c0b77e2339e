/**
 * One customer's whole story beside the call list: firmographics, every reason of its priority,
 * each product's cluster, Fit and Intent now and across all snapshots, agreements, flags and the
 * file's unknown columns. Escape closes it (the list puts the focus back on the row).
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import type { CustomerDetail, ProductHistoryPoint } from '../../../shared/customers';
import { api } from '../api-client';
import { ClusterChip } from '../components/ClusterChip';
import { fmtDate, fmtMoney } from '../format';
import { useLoad } from '../hooks';
import { clusterLabel, columnLabel, useT } from '../i18n';

export function CustomerPanel({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const t = useT();
  const detail = useLoad(() => api.customer({ customerId }), `customer:${customerId}`);
  const heading = useRef<HTMLHeadingElement>(null);
  const d = detail.data;
  useEffect(() => {
    if (d) heading.current?.focus();
  }, [d]);
  // Escape closes it wherever the focus is (the list's row, or the panel).
  const close = useEffectEvent(onClose);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="dialog"]')) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <aside className="detail-panel card" aria-label={t('detail.label')}>
      <div className="row between">
        <h2 ref={heading} tabIndex={-1}>
          {d ? (d.accountName ?? d.customerId) : t('detail.customer')}
        </h2>
        <button type="button" onClick={onClose} aria-label={t('detail.close')}>
          ✕
        </button>
      </div>
      {detail.error ? <p className="error-text">{detail.error}</p> : null}
      {!d && !detail.error ? <p className="muted small">{t('common.loading')}</p> : null}
      {d ? <Story d={d} /> : null}
    </aside>
  );
}

function Story({ d }: { d: CustomerDetail }) {
  const t = useT();
  const firm = [d.country, d.area, d.salesTerritory, d.industry, d.vertical, d.segment]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <p className="muted small">
        {d.customerId}
        {d.domain ? ` · ${d.domain}` : ''}
        {d.orgSize !== null ? ` · ${t('detail.employees', { count: d.orgSize })}` : ''}
      </p>
      <p className="small">{firm}</p>
      <section aria-labelledby="why-title">
        <h3 id="why-title">
          {t('detail.priority', { n: d.priority })}
          <span className="priority-bar inline" style={{ width: `${Math.max(2, d.priority * 0.8)}px` }} />
        </h3>
        {d.why.length ? (
          <ul className="reasons">
            {d.why.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : (
          <p className="muted small">{t('detail.noReason')}</p>
        )}
      </section>
      <section aria-labelledby="products-title">
        <h3 id="products-title">{t('detail.products')}</h3>
        <table className="mini">
          <thead>
            <tr>
              <th scope="col">{columnLabel('product')}</th>
              <th scope="col">{columnLabel('cluster')}</th>
              <th scope="col" className="num">
                {columnLabel('fit')}
              </th>
              <th scope="col" className="num">
                {columnLabel('intent')}
              </th>
              <th scope="col">{t('detail.overTime')}</th>
            </tr>
          </thead>
          <tbody>
            {d.products.map((p) => (
              <tr key={p.product}>
                <th scope="row">{p.product}</th>
                <td>
                  <Chip cluster={p.current?.cluster ?? null} />
                  {p.current?.whitespace ? (
                    <span className="muted small"> {t('detail.whitespace')}</span>
                  ) : null}
                </td>
                <td className="num">{p.current?.fit ?? t('common.dash')}</td>
                <td className="num">{p.current?.intent ?? t('common.dash')}</td>
                <td>
                  <Spark product={p.product} history={p.history} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {d.agreements.length ? (
        <section aria-labelledby="agreements-title">
          <h3 id="agreements-title">{t('detail.agreements')}</h3>
          <ul className="plain small">
            {d.agreements.map((a, i) => (
              <li key={`${a.agreementId ?? ''}-${i}`}>
                {t('detail.agreementEnds', {
                  name: [a.licenseProgram, a.agreementId].filter(Boolean).join(' ') || t('detail.agreement'),
                  product: a.product ? t('detail.agreementProduct', { product: a.product }) : '',
                  date: fmtDate(a.endDate),
                  revenue:
                    a.expiringRevenue !== null
                      ? t('detail.agreementRevenue', { money: fmtMoney(a.expiringRevenue) })
                      : '',
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.flags.length ? (
        <section aria-labelledby="flags-title">
          <h3 id="flags-title">{t('detail.flags')}</h3>
          <ul className="plain small">
            {d.flags.map((f) => (
              <li key={f.name} className={f.kind === 'eos' ? 'eos' : undefined}>
                {f.kind === 'eos' ? <strong>{t('detail.eos')} </strong> : null}
                {f.name}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {Object.keys(d.extra).length ? (
        <section aria-labelledby="extra-title">
          <h3 id="extra-title">{t('detail.extra')}</h3>
          <dl className="extra small">
            {Object.entries(d.extra).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}

function Chip({ cluster }: { cluster: string | null }) {
  const t = useT();
  if (!cluster) return <span className="muted small">{t('detail.notCurrent')}</span>;
  return <ClusterChip cluster={cluster} />;
}

/** Fit (solid) and Intent (dashed) across the snapshots, 0–100; one point a snapshot. */
function Spark({ product, history }: { product: string; history: ProductHistoryPoint[] }) {
  const t = useT();
  const w = 96;
  const h = 28;
  const x = (i: number) => (history.length < 2 ? w / 2 : 2 + (i * (w - 4)) / (history.length - 1));
  const y = (v: number) => h - 2 - (v / 100) * (h - 4);
  const line = (pick: (p: ProductHistoryPoint) => number | null) =>
    history
      .map((p, i) => [i, pick(p)] as const)
      .filter((e): e is readonly [number, number] => e[1] !== null)
      .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(' ');
  const said = history
    .map((p) =>
      t('detail.sparkPoint', {
        date: fmtDate(p.snapshot),
        cluster: p.cluster ? clusterLabel(p.cluster) : t('grid.noCluster'),
        fit: p.fit ?? t('common.dash'),
        intent: p.intent ?? t('common.dash'),
      }),
    )
    .join('; ');
  return (
    <svg
      className="spark"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={t('detail.spark', { product, count: history.length, points: said })}
      data-testid={`spark-${product}`}
    >
      <title>{said}</title>
      <polyline points={line((p) => p.fit)} fill="none" stroke="#2F6FB5" strokeWidth="1.5" />
      <polyline
        points={line((p) => p.intent)}
        fill="none"
        stroke="#B5672F"
        strokeWidth="1.5"
        strokeDasharray="3 2"
      />
      {history.map((p, i) =>
        p.fit !== null ? <circle key={i} cx={x(i)} cy={y(p.fit)} r="1.8" fill="#2F6FB5" /> : null,
      )}
    </svg>
  );
}
