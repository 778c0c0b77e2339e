/**
 * One customer's whole story beside the call list: firmographics, every reason of its priority,
 * each product's cluster, Fit and Intent now and across all snapshots, agreements, flags and the
 * file's unknown columns. Escape closes it (the list puts the focus back on the row).
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import type { CustomerDetail, ProductHistoryPoint } from '../../../shared/customers';
import { api } from '../api-client';
import { chipElement } from '../components/cellRenderers';
import { fmtDate, fmtInt, fmtMoney } from '../format';
import { useLoad } from '../hooks';

export function CustomerPanel({ customerId, onClose }: { customerId: string; onClose: () => void }) {
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
    <aside className="detail-panel card" aria-label="Customer detail">
      <div className="row between">
        <h2 ref={heading} tabIndex={-1}>
          {d ? (d.accountName ?? d.customerId) : 'Customer'}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close customer detail">
          ✕
        </button>
      </div>
      {detail.error ? <p className="error-text">{detail.error}</p> : null}
      {!d && !detail.error ? <p className="muted small">Loading…</p> : null}
      {d ? <Story d={d} /> : null}
    </aside>
  );
}

function Story({ d }: { d: CustomerDetail }) {
  const firm = [d.country, d.area, d.salesTerritory, d.industry, d.vertical, d.segment]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <p className="muted small">
        {d.customerId}
        {d.domain ? ` · ${d.domain}` : ''}
        {d.orgSize !== null ? ` · ${fmtInt(d.orgSize)} employees` : ''}
      </p>
      <p className="small">{firm}</p>
      <section aria-labelledby="why-title">
        <h3 id="why-title">
          Priority {d.priority}
          <span className="priority-bar inline" style={{ width: `${Math.max(2, d.priority * 0.8)}px` }} />
        </h3>
        {d.why.length ? (
          <ul className="reasons">
            {d.why.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No reason to call yet: no cluster, renewal or flag that counts.</p>
        )}
      </section>
      <section aria-labelledby="products-title">
        <h3 id="products-title">Products</h3>
        <table className="mini">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Cluster</th>
              <th scope="col" className="num">
                Fit
              </th>
              <th scope="col" className="num">
                Intent
              </th>
              <th scope="col">Over time</th>
            </tr>
          </thead>
          <tbody>
            {d.products.map((p) => (
              <tr key={p.product}>
                <th scope="row">{p.product}</th>
                <td>
                  <Chip cluster={p.current?.cluster ?? null} />
                  {p.current?.whitespace ? <span className="muted small"> whitespace</span> : null}
                </td>
                <td className="num">{p.current?.fit ?? '–'}</td>
                <td className="num">{p.current?.intent ?? '–'}</td>
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
          <h3 id="agreements-title">Agreements</h3>
          <ul className="plain small">
            {d.agreements.map((a, i) => (
              <li key={`${a.agreementId ?? ''}-${i}`}>
                {[a.licenseProgram, a.agreementId].filter(Boolean).join(' ') || 'Agreement'}
                {a.product ? ` (${a.product})` : ''}: ends {fmtDate(a.endDate)}
                {a.expiringRevenue !== null ? `, ${fmtMoney(a.expiringRevenue)} expiring` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.flags.length ? (
        <section aria-labelledby="flags-title">
          <h3 id="flags-title">Flags</h3>
          <ul className="plain small">
            {d.flags.map((f) => (
              <li key={f.name} className={f.kind === 'eos' ? 'eos' : undefined}>
                {f.kind === 'eos' ? <strong>End of service: </strong> : null}
                {f.name}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {Object.keys(d.extra).length ? (
        <section aria-labelledby="extra-title">
          <h3 id="extra-title">More from the download</h3>
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
  const el = cluster ? chipElement(cluster) : null;
  if (!el) return <span className="muted small">not current</span>;
  return (
    <span className="chip" style={{ background: el.style.background, color: el.style.color }}>
      {cluster}
    </span>
  );
}

/** Fit (solid) and Intent (dashed) across the snapshots, 0–100; one point a snapshot. */
function Spark({ product, history }: { product: string; history: ProductHistoryPoint[] }) {
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
    .map(
      (p) =>
        `${fmtDate(p.snapshot)}: ${p.cluster ?? 'no cluster'}, Fit ${p.fit ?? '–'}, Intent ${p.intent ?? '–'}`,
    )
    .join('; ');
  return (
    <svg
      className="spark"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`${product} over ${history.length} snapshots: ${said}`}
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
