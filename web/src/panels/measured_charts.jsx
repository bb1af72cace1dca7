// The pictures of the measured lead-time tab, drawn as SVG here (no chart
// library): the histogram of case lead times, cases started and finished per
// month, and the directly-follows graph laid out left to right by where each
// activity first occurs in the cases (analysis/eventlog.js).
import { useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { fmtNum, locale } from '../common.jsx';
import { NODE_H, NODE_W, dayLength, dur, edgePath, int, layoutDfg, spreadLabels, wrapName } from '../analysis/eventlog.js';

/** The lead-time histogram: the server's 10 bins of equal width, bars with their counts. */
export function Histogram({ bins, basis }) {
  if (!bins?.length) return null;
  const W = 720;
  const H = 240;
  const left = 48;
  const bottom = 46;
  const top = 16;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const bw = (W - left - 12) / bins.length;
  const y = (c) => top + (H - top - bottom) * (1 - c / max);
  const day = dayLength(basis);
  const label = (s) => fmtNum(s / day, { maximumFractionDigits: s / day < 10 ? 1 : 0 });
  return (
    <svg
      class="chart histogram-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={t('Histogram of the case lead times: {bins}', {
        bins: bins.map((b) => `${label(b.from_s)}–${label(b.to_s)}: ${b.count}`).join('; '),
      })}
    >
      <line class="axis" x1={left} y1={H - bottom} x2={W - 8} y2={H - bottom} />
      <line class="axis" x1={left} y1={top} x2={left} y2={H - bottom} />
      <text class="tick" x={left - 6} y={top + 4} text-anchor="end">
        {int(max)}
      </text>
      <text class="tick" x={left - 6} y={H - bottom} text-anchor="end">
        0
      </text>
      {bins.map((b, i) => (
        <g key={i} data-bin={i} data-count={b.count}>
          <rect class="bar" x={left + i * bw + 2} y={y(b.count)} width={bw - 4} height={H - bottom - y(b.count)}>
            <title>{t('{from} to {to}: {n} cases', { from: dur(b.from_s, basis), to: dur(b.to_s, basis), n: int(b.count) })}</title>
          </rect>
          {b.count > 0 && (
            <text class="count" x={left + i * bw + bw / 2} y={y(b.count) - 4} text-anchor="middle">
              {int(b.count)}
            </text>
          )}
          <text class="tick" x={left + i * bw} y={H - bottom + 16} text-anchor="middle">
            {label(b.from_s)}
          </text>
        </g>
      ))}
      <text class="tick" x={W - 12} y={H - bottom + 16} text-anchor="end">
        {label(bins[bins.length - 1].to_s)}
      </text>
      <text class="axis-label" x={(W + left) / 2} y={H - 8} text-anchor="middle">
        {basis === 'working' ? t('Lead time in working days (7.5 h)') : t('Lead time in days')}
      </text>
    </svg>
  );
}

const monthName = (m) => {
  const [y, mo] = m.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 1)));
};

/** Cases started and finished per month: two bars a month, and the same as a table. */
export function Throughput({ months }) {
  if (!months?.length) return null;
  const W = Math.max(480, Math.min(1100, 40 + months.length * 28));
  const H = 200;
  const left = 40;
  const bottom = 34;
  const top = 12;
  const max = Math.max(1, ...months.map((m) => Math.max(m.started, m.finished)));
  const mw = (W - left - 8) / months.length;
  const y = (c) => top + (H - top - bottom) * (1 - c / max);
  const every = Math.max(1, Math.ceil(months.length / 12));
  return (
    <figure class="throughput">
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={t('Cases started and finished per month')}>
        <line class="axis" x1={left} y1={H - bottom} x2={W - 4} y2={H - bottom} />
        <text class="tick" x={left - 6} y={top + 4} text-anchor="end">
          {int(max)}
        </text>
        {months.map((m, i) => (
          <g key={m.month}>
            <rect class="bar started" x={left + i * mw + 1} y={y(m.started)} width={Math.max(1, mw / 2 - 1)} height={H - bottom - y(m.started)}>
              <title>{t('{month}: {s} started, {f} finished', { month: monthName(m.month), s: int(m.started), f: int(m.finished) })}</title>
            </rect>
            <rect class="bar finished" x={left + i * mw + mw / 2} y={y(m.finished)} width={Math.max(1, mw / 2 - 1)} height={H - bottom - y(m.finished)}>
              <title>{t('{month}: {s} started, {f} finished', { month: monthName(m.month), s: int(m.started), f: int(m.finished) })}</title>
            </rect>
            {i % every === 0 && (
              <text class="tick" x={left + i * mw} y={H - bottom + 16}>
                {monthName(m.month)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        <span class="tp-key started" /> {t('started')} <span class="tp-key finished" /> {t('finished')}
      </figcaption>
      <details>
        <summary>{t('As a table')}</summary>
        <table class="throughput-table">
          <thead>
            <tr>
              <th scope="col">{t('Month')}</th>
              <th scope="col">{t('Cases started')}</th>
              <th scope="col">{t('Cases finished')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthName(m.month)}</th>
                <td>{int(m.started)}</td>
                <td>{int(m.finished)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

const EDGE_LIMITS = [30, 60, 0];

/**
 * The directly-follows graph: a box per activity (with how often it starts and
 * ends a case), an arrow per edge labelled with its count and mean time, the
 * width by count. Large graphs show the most frequent edges first.
 */
export function DfgPicture({ dfg, variants, basis }) {
  const [limit, setLimit] = useState(dfg.edges.length > 30 ? 30 : 0);
  const edges = limit ? dfg.edges.slice(0, limit) : dfg.edges;
  const shown = { ...dfg, edges };
  const { nodes, width, height, bottom } = layoutDfg(shown, variants);
  const at = new Map(nodes.map((n) => [n.name, n]));
  const maxCount = Math.max(1, ...edges.map((e) => e.count));
  const starts = dfg.start_activities || {};
  const ends = dfg.end_activities || {};
  let backs = 0;
  const drawn = edges
    .filter((e) => at.get(e.from) && at.get(e.to))
    .map((e) => {
      const a = at.get(e.from);
      const b = at.get(e.to);
      const p = edgePath(a, b, bottom, b.col <= a.col && a !== b ? backs++ : 0);
      const text = `${int(e.count)} · ${dur(e.mean_s, basis)}`;
      return { e, p, text, label: { x: p.lx, y: p.ly, w: text.length * 6.2, anchor: p.anchor || 'middle' } };
    });
  spreadLabels(
    drawn.map((x) => x.label),
    nodes.map((n) => ({ x: n.x, y: n.y - 12, w: NODE_W, h: NODE_H + 12 })),
  );
  const svgH = Math.max(height, ...drawn.map((x) => x.label.y + 10));
  return (
    <div class="dfg">
      {dfg.edges.length > 30 && (
        <p class="filters">
          <label>
            {t('Edges shown')}{' '}
            <select value={String(limit)} onChange={(e) => setLimit(Number(e.currentTarget.value))}>
              {EDGE_LIMITS.map((n) => (
                <option key={n} value={String(n)}>
                  {n ? t('the {n} most frequent', { n }) : t('all {n}', { n: dfg.edges.length })}
                </option>
              ))}
            </select>
          </label>
        </p>
      )}
      <div class="dfg-scroll" tabIndex={0} role="region" aria-label={t('Directly-follows graph (scrolls sideways)')}>
        <svg
          class="dfg-svg"
          viewBox={`0 0 ${width} ${svgH}`}
          width={width}
          height={svgH}
          role="img"
          aria-label={t('Directly-follows graph with {n} activities and {m} edges', { n: nodes.length, m: edges.length })}
        >
          <defs>
            <marker
              id="dfg-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="11"
              markerHeight="11"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" class="dfg-arrowhead" />
            </marker>
          </defs>
          {drawn.map(({ e, p }) => (
            <path
              key={`p${e.from}\u0000${e.to}`}
              class="dfg-edge"
              data-from={e.from}
              data-to={e.to}
              data-count={e.count}
              d={p.d}
              stroke-width={1 + 5 * (e.count / maxCount)}
              marker-end="url(#dfg-arrow)"
            >
              <title>{t('{from} → {to}: {n} times, mean {time}', { from: e.from, to: e.to, n: int(e.count), time: dur(e.mean_s, basis) })}</title>
            </path>
          ))}
          {nodes.map((n) => {
            const lines = wrapName(n.name);
            return (
              <g key={n.name} class="dfg-node" data-activity={n.name}>
                <rect x={n.x} y={n.y} width={NODE_W} height={NODE_H} rx="6" class={starts[n.name] ? 'start' : ends[n.name] ? 'end' : ''} />
                <title>
                  {n.name}
                  {starts[n.name] ? ` · ${t('starts {n} cases', { n: int(starts[n.name]) })}` : ''}
                  {ends[n.name] ? ` · ${t('ends {n} cases', { n: int(ends[n.name]) })}` : ''}
                </title>
                {lines.map((l, i) => (
                  <text key={i} x={n.x + NODE_W / 2} y={n.y + NODE_H / 2 + (i - (lines.length - 1) / 2) * 15 + 5} text-anchor="middle" class="dfg-name">
                    {l}
                  </text>
                ))}
                {starts[n.name] ? (
                  <text x={n.x + 4} y={n.y - 4} class="dfg-se">
                    {`▶ ${int(starts[n.name])}`}
                  </text>
                ) : null}
                {ends[n.name] ? (
                  <text x={n.x + NODE_W - 4} y={n.y - 4} text-anchor="end" class="dfg-se">
                    {`${int(ends[n.name])} ■`}
                  </text>
                ) : null}
              </g>
            );
          })}
          {drawn.map(({ e, text, label }) => (
            <text key={`l${e.from}\u0000${e.to}`} x={label.x} y={label.y} text-anchor={label.anchor} class="dfg-label">
              {text}
            </text>
          ))}
        </svg>
      </div>
      <p class="legend">
        {t(
          '▶ n: cases that start with the activity; n ■: cases that end with it. Each arrow: how often one activity directly followed the other, and the mean time between them.',
        )}
      </p>
    </div>
  );
}
