// The dashboard's cards other than the chart: totals, exchange balance, top headlines, feed health.
import type { DailyRow, ExchangePartner, FeedList, TopReport } from './api';
import { totals } from './chart';
import { byId, clear, el, tableBody } from './dom';
import { fmt, pct, rate } from './format';

/** Adds the publishers seen in the rows to the filter, keeping the selection. */
export function fillPublishers(rows: DailyRow[], selected: string): void {
  const select = byId<HTMLSelectElement>('publisher');
  const known = new Set(Array.from(select.options, (o) => o.value));
  for (const r of rows) {
    if (known.has(r.publisher)) continue;
    known.add(r.publisher);
    select.appendChild(el('option', { value: r.publisher, text: r.publisher }));
  }
  select.value = selected;
}

export function renderKpis(rows: DailyRow[]): void {
  const t = totals(rows);
  const items: [string, string][] = [
    ['Afișări carduri', fmt.format(t.impressions)],
    ['Vizibile', fmt.format(t.viewable)],
    ['Clickuri', fmt.format(t.clicks)],
    ['CTR', pct.format(rate(t.clicks, t.impressions))],
    ['Vizibilitate', pct.format(rate(t.viewable, t.impressions))],
  ];
  const list = byId('kpis');
  clear(list);
  for (const [label, value] of items) {
    list.appendChild(el('div', {}, [el('dt', { text: label }), el('dd', { text: value })]));
  }
}

export function renderBalance(partners: ExchangePartner[]): void {
  const list = byId('balance');
  clear(list);
  const shown = partners.filter((p) => p.clicksSent > 0 || p.clicksReceived > 0);
  if (!shown.length) {
    list.appendChild(el('li', { text: 'Niciun click în interval.' }));
    return;
  }
  shown.sort((a, b) => a.balance - b.balance);
  const max = shown.reduce((m, p) => Math.max(m, Math.abs(p.balance)), 1);
  for (const p of shown) {
    const bar = el('span', { className: `bar ${p.balance < 0 ? 'neg' : 'pos'}` });
    bar.style.width = `${(50 * Math.abs(p.balance)) / max}%`;
    const sign = p.balance > 0 ? '+' : '';
    const detail = `trimise ${fmt.format(p.clicksSent)} · primite ${fmt.format(p.clicksReceived)}${
      p.fairExchange ? ' · schimb echitabil activ' : ''
    }`;
    list.appendChild(
      el(
        'li',
        {
          'aria-label': `${p.name}: balanță ${sign}${p.balance}, trimise ${p.clicksSent}, primite ${p.clicksReceived}`,
        },
        [
          el('span', { className: 'name', text: p.name, title: p.id }),
          el('span', { className: 'track', 'aria-hidden': 'true' }, [bar]),
          el('span', { className: 'value', text: sign + fmt.format(p.balance) }),
          el('span', { className: 'detail', 'aria-hidden': 'true', text: detail }),
        ],
      ),
    );
  }
}

/** The publisher with the most impressions in the rows ('' when none). */
export function busiestPublisher(rows: DailyRow[]): string {
  const shown = new Map<string, number>();
  let best = '';
  for (const r of rows) {
    const n = (shown.get(r.publisher) ?? 0) + r.impressions;
    shown.set(r.publisher, n);
    if (!best || n > (shown.get(best) ?? 0)) best = r.publisher;
  }
  return best;
}

const BADGES = [
  ['pinned', 'fixat'],
  ['boosted', 'promovat'],
  ['buried', 'retrogradat'],
  ['blocked', 'blocat'],
] as const;

const emptyRow = () => el('tr', {}, [el('td', { colspan: '4', text: 'Nicio afișare în interval.' })]);

export function renderTop(publisher: string, top: TopReport | undefined): void {
  const body = tableBody('top');
  clear(body);
  if (!publisher || !top) {
    body.appendChild(emptyRow());
    return;
  }
  byId('top-title').textContent = `Top titluri · ${publisher}`;
  if (!top.headlines.length) body.appendChild(emptyRow());
  for (const h of top.headlines) {
    const text = h.title || h.id;
    const link = h.url
      ? el('a', { href: h.url, rel: 'noopener noreferrer', target: '_blank', text })
      : el('span', { text });
    const badges = BADGES.filter(([flag]) => h[flag]).map(([flag, label]) =>
      el('span', { className: `badge ${flag}`, text: label }),
    );
    body.appendChild(
      el('tr', {}, [
        el('td', { className: 'title' }, [link, el('small', { text: h.outlet }), ...badges]),
        el('td', { className: 'num', text: fmt.format(h.impressions) }),
        el('td', { className: 'num', text: fmt.format(h.clicks) }),
        el('td', { className: 'num', text: pct.format(h.ctr) }),
      ]),
    );
  }
}

/** One row per feed of every partner; the card stays hidden when no partner has a feed. */
export function renderFeeds(partners: ExchangePartner[], lists: (FeedList | undefined)[]): void {
  const body = tableBody('feeds');
  clear(body);
  let any = false;
  lists.forEach((list, i) => {
    for (const f of list?.feeds ?? []) {
      any = true;
      body.appendChild(
        el('tr', {}, [
          el('td', { text: partners[i]?.name ?? '' }),
          el('td', { text: f.url }),
          el('td', { className: f.lastError ? 'ko' : 'ok', text: f.lastError ?? 'OK' }),
          el('td', { text: f.lastSuccessAt ?? '—' }),
        ]),
      );
    }
  });
  byId('feeds-card').hidden = !any;
}
