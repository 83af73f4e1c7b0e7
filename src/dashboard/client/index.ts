// The dashboard's browser script (no framework): sign-in kept in sessionStorage, data from the report APIs,
// charts by uPlot (its own script tag). Bundled by scripts/build.mjs into dist/dashboard.js.
import {
  api,
  type DailyReport,
  detectRole,
  type ExchangePartner,
  type ExchangeReport,
  type FeedList,
  HttpError,
  query,
  reports,
  request,
  session,
  type TopReport,
} from './api';
import { destroyChart, renderSeries, resizeChart } from './chart';
import { byId, el, input, status } from './dom';
import { day, fmt } from './format';
import {
  busiestPublisher,
  fillPublishers,
  renderBalance,
  renderFeeds,
  renderKpis,
  renderTop,
} from './render';

const STORAGE = 'citeste-si.dashboard.token';
/** Counts loads: only the latest one draws, an older one still in flight is dropped when it returns. */
let loads = 0;

const range = () => ({ from: input('from').value, to: input('to').value });
const publisher = () => byId<HTMLSelectElement>('publisher').value;

async function signIn(token: string): Promise<boolean> {
  const found = await detectRole(token);
  if (!found) return false;
  session.token = token;
  session.role = found.role;
  sessionStorage.setItem(STORAGE, token);
  byId('signin').hidden = true;
  byId('app').hidden = false;
  byId('signout').hidden = false;
  const who = byId('who');
  who.hidden = false;
  who.textContent = found.role === 'admin' ? 'Administrator' : `Partener: ${found.partner}`;
  if (!input('from').value) {
    input('from').value = day(-29);
    input('to').value = day(0);
  }
  await load();
  byId('main').focus();
  return true;
}

function signOut(): void {
  sessionStorage.removeItem(STORAGE);
  session.token = '';
  destroyChart();
  byId('app').hidden = true;
  byId('signout').hidden = true;
  byId('who').hidden = true;
  byId('signin').hidden = false;
  input('token').value = '';
  input('token').focus();
}

async function load(): Promise<void> {
  const mine = ++loads;
  status('Se încarcă…');
  try {
    const selected = publisher();
    const [daily, exchange] = await Promise.all([
      api<DailyReport>(`${reports()}daily?${query(range(), { publisher: selected })}`),
      api<ExchangeReport>(`${reports()}exchange?${query(range())}`),
    ]);
    if (mine !== loads) return;
    fillPublishers(daily.rows, selected);
    renderKpis(daily.rows);
    renderSeries(daily.rows, daily.from, daily.to);
    renderBalance(exchange.partners);
    const top = selected || busiestPublisher(daily.rows);
    const report = top
      ? await api<TopReport>(`${reports()}top?${query(range(), { publisher: top, limit: '10' })}`)
      : undefined;
    if (mine !== loads) return;
    renderTop(top, report);
    if (session.role === 'admin') await loadFeeds(exchange.partners, mine);
    status(`Actualizat: ${daily.from} – ${daily.to}, ${fmt.format(daily.rows.length)} rânduri.`);
  } catch (err) {
    const code = err instanceof HttpError ? err.status : 0;
    if (code === 401 || code === 403) {
      signOut();
      byId('signin-error').textContent = 'Sesiunea a expirat. Intră din nou.';
      return;
    }
    status(
      code === 400
        ? 'Interval invalid (maximum 366 de zile, „de la” înainte de „până la”).'
        : `Nu am putut încărca datele (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
}

/** Feed health, when the service has feeds (a 404 means it does not). */
async function loadFeeds(partners: ExchangePartner[], mine: number): Promise<void> {
  const lists = await Promise.all(
    partners.map((p) =>
      request(`/v1/admin/partners/${encodeURIComponent(p.id)}/feeds`)
        .then((res) => (res.ok ? (res.json() as Promise<FeedList>) : undefined))
        .catch(() => undefined),
    ),
  );
  if (mine === loads) renderFeeds(partners, lists);
}

async function downloadCsv(): Promise<void> {
  const { from, to } = range();
  const res = await request(`${reports()}daily?${query(range(), { publisher: publisher(), format: 'csv' })}`);
  if (!res.ok) {
    status(`Exportul CSV a eșuat (HTTP ${res.status}).`);
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: `citeste-si-${from}-${to}.csv` });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function init(): void {
  const error = byId('signin-error');
  byId('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input('token').value.trim();
    error.textContent = '';
    if (!token) {
      error.textContent = 'Scrie tokenul sau cheia API.';
      input('token').focus();
      return;
    }
    const ok = await signIn(token).catch(() => false);
    if (!ok) {
      error.textContent = 'Cheie necunoscută sau expirată.';
      input('token').select();
    }
  });
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  byId('publisher').addEventListener('change', () => void load());
  byId('signout').addEventListener('click', signOut);
  byId('csv').addEventListener('click', () => {
    downloadCsv().catch(() => status('Exportul CSV a eșuat.'));
  });
  let resize: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(resize);
    resize = setTimeout(resizeChart, 100);
  });
  const saved = sessionStorage.getItem(STORAGE);
  if (saved) {
    signIn(saved).then((ok) => {
      if (!ok) signOut();
    }, signOut);
  } else input('token').focus();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
