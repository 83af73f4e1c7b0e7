// The dashboard's browser script (no framework): sign-in kept in sessionStorage, data from the report APIs,
// charts by uPlot. Plain ES2019 in a string, served as /dashboard/assets/dashboard.js.

export const DASHBOARD_JS = `(function () {
  'use strict';
  var STORAGE = 'citeste-si.dashboard.token';
  var fmt = new Intl.NumberFormat('ro-RO');
  var pct = new Intl.NumberFormat('ro-RO', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 });
  var state = { token: '', role: '', partner: '', chart: null, daily: [], loads: 0 };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function day(offset) {
    var d = new Date(Date.now() + offset * 86400000);
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  }
  function status(text) { $('status').textContent = text; }

  function request(path, token) {
    return fetch(path, { headers: { Authorization: 'Bearer ' + (token || state.token) }, cache: 'no-store' });
  }
  async function api(path) {
    var res = await request(path);
    if (!res.ok) { var e = new Error('HTTP ' + res.status); e.status = res.status; throw e; }
    return res.json();
  }
  function base() { return state.role === 'admin' ? '/v1/admin/reports/' : '/v1/reports/'; }
  function query(extra) {
    var q = new URLSearchParams({ from: $('from').value, to: $('to').value });
    Object.keys(extra || {}).forEach(function (k) { if (extra[k]) q.set(k, extra[k]); });
    return q.toString();
  }

  // Sign-in: the admin token opens /v1/admin/reports, a partner key /v1/reports.
  async function detectRole(token) {
    var admin = await request('/v1/admin/reports/exchange', token);
    if (admin.ok) return { role: 'admin' };
    var partner = await request('/v1/reports/exchange', token);
    if (partner.ok) {
      var body = await partner.json();
      return { role: 'partner', partner: body.partners && body.partners[0] ? body.partners[0].id : '' };
    }
    return null;
  }

  async function signIn(token) {
    var found = await detectRole(token);
    if (!found) return false;
    state.token = token;
    state.role = found.role;
    state.partner = found.partner || '';
    sessionStorage.setItem(STORAGE, token);
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    $('who').hidden = false;
    $('who').textContent = state.role === 'admin' ? 'Administrator' : 'Partener: ' + state.partner;
    if (!$('from').value) { $('from').value = day(-29); $('to').value = day(0); }
    await load();
    $('main').focus();
    return true;
  }

  function signOut() {
    sessionStorage.removeItem(STORAGE);
    state.token = '';
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    $('app').hidden = true;
    $('signout').hidden = true;
    $('who').hidden = true;
    $('signin').hidden = false;
    $('token').value = '';
    $('token').focus();
  }

  async function load() {
    // Only the latest load draws: an older one still in flight is dropped when it returns.
    var mine = ++state.loads;
    status('Se încarcă…');
    try {
      var publisher = $('publisher').value;
      var answers = await Promise.all([
        api(base() + 'daily?' + query({ publisher: publisher })),
        api(base() + 'exchange?' + query())
      ]);
      if (mine !== state.loads) return;
      var daily = answers[0];
      var exchange = answers[1];
      state.daily = daily.rows;
      fillPublishers(daily.rows, publisher);
      renderKpis(daily.rows);
      renderSeries(daily.rows, daily.from, daily.to);
      renderBalance(exchange.partners);
      await renderTop(mine);
      if (state.role === 'admin' && mine === state.loads) await renderFeeds(exchange.partners, mine);
      status('Actualizat: ' + daily.from + ' – ' + daily.to + ', ' + fmt.format(daily.rows.length) + ' rânduri.');
    } catch (err) {
      if (err.status === 401 || err.status === 403) { signOut(); $('signin-error').textContent = 'Sesiunea a expirat. Intră din nou.'; return; }
      status(err.status === 400 ? 'Interval invalid (maximum 366 de zile, „de la” înainte de „până la”).' : 'Nu am putut încărca datele (' + err.message + ').');
    }
  }

  function fillPublishers(rows, selected) {
    var select = $('publisher');
    var known = {};
    Array.prototype.forEach.call(select.options, function (o) { known[o.value] = true; });
    rows.forEach(function (r) {
      if (known[r.publisher]) return;
      known[r.publisher] = true;
      select.appendChild(el('option', { value: r.publisher, text: r.publisher }));
    });
    select.value = selected;
  }

  function totals(rows) {
    return rows.reduce(function (t, r) {
      t.widgetLoads += r.widgetLoads; t.impressions += r.impressions; t.viewable += r.viewable; t.clicks += r.clicks;
      return t;
    }, { widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 });
  }
  function rate(a, b) { return b > 0 ? a / b : 0; }

  function renderKpis(rows) {
    var t = totals(rows);
    var items = [
      ['Afișări carduri', fmt.format(t.impressions)],
      ['Vizibile', fmt.format(t.viewable)],
      ['Clickuri', fmt.format(t.clicks)],
      ['CTR', pct.format(rate(t.clicks, t.impressions))],
      ['Vizibilitate', pct.format(rate(t.viewable, t.impressions))]
    ];
    var list = $('kpis');
    clear(list);
    items.forEach(function (i) { list.appendChild(el('div', {}, [el('dt', { text: i[0] }), el('dd', { text: i[1] })])); });
  }

  function byDay(rows, from, to) {
    var map = {};
    rows.forEach(function (r) {
      var d = map[r.date] || (map[r.date] = { widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 });
      d.widgetLoads += r.widgetLoads; d.impressions += r.impressions; d.viewable += r.viewable; d.clicks += r.clicks;
    });
    var days = [];
    for (var t = Date.parse(from + 'T00:00:00Z'); t <= Date.parse(to + 'T00:00:00Z'); t += 86400000) {
      var key = new Date(t).toISOString().slice(0, 10);
      days.push({ date: key, ts: t / 1000, v: map[key] || { widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 } });
    }
    return days;
  }

  function renderSeries(rows, from, to) {
    var days = byDay(rows, from, to);
    var fig = $('series');
    var body = $('series-table').tBodies[0];
    clear(body);
    days.forEach(function (d) {
      body.appendChild(el('tr', {}, [
        el('th', { scope: 'row', text: d.date }),
        el('td', { className: 'num', text: fmt.format(d.v.widgetLoads) }),
        el('td', { className: 'num', text: fmt.format(d.v.impressions) }),
        el('td', { className: 'num', text: fmt.format(d.v.clicks) }),
        el('td', { className: 'num', text: pct.format(rate(d.v.clicks, d.v.impressions)) })
      ]));
    });
    var clicks = days.map(function (d) { return d.v.clicks; });
    var ctr = days.map(function (d) { return d.v.impressions > 0 ? (100 * d.v.clicks) / d.v.impressions : null; });
    fig.setAttribute('data-days', String(days.length));
    fig.setAttribute('data-clicks', String(clicks.reduce(function (a, b) { return a + b; }, 0)));
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    clear(fig);
    if (typeof uPlot === 'undefined') { fig.appendChild(el('p', { className: 'empty', text: 'Graficul nu s-a putut încărca.' })); return; }
    var opts = {
      width: chartWidth(fig),
      height: 260,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: true, range: function (u, min, max) { return [min - 43200, max + 43200]; } }, clicks: { range: function (u, min, max) { return [0, Math.max(4, max * 1.15)]; } }, ctr: { range: function (u, min, max) { return [0, Math.max(1, (max || 0) * 1.2)]; } } },
      axes: [
        { stroke: '#555b65', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e5ea' } },
        { scale: 'clicks', stroke: '#555b65', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e5ea' }, values: function (u, v) { return v.map(function (x) { return fmt.format(x); }); } },
        { scale: 'ctr', side: 1, stroke: '#1f4e9c', grid: { show: false }, ticks: { stroke: '#e2e5ea' }, values: function (u, v) { return v.map(function (x) { return x.toFixed(1) + '%'; }); } }
      ],
      series: [
        { label: 'Zi', value: function (u, ts) { return ts == null ? '—' : new Date(ts * 1000).toISOString().slice(0, 10); } },
        { label: 'Clickuri', scale: 'clicks', stroke: '#c8102e', fill: 'rgba(200,16,46,.78)', width: 0, paths: uPlot.paths.bars({ size: [0.62, 48] }), points: { show: false }, value: function (u, v) { return v == null ? '—' : fmt.format(v); } },
        { label: 'CTR', scale: 'ctr', stroke: '#1f4e9c', width: 2.5, spanGaps: true, points: { show: true, size: 6, fill: '#1f4e9c' }, value: function (u, v) { return v == null ? '—' : v.toFixed(2) + '%'; } }
      ]
    };
    // The legend shows the latest day whenever the pointer is not on a day.
    var latest = function (u) { if (u.cursor.idx == null) u.setLegend({ idx: days.length - 1 }); };
    opts.hooks = { ready: [latest], setCursor: [latest] };
    state.chart = new uPlot(opts, [days.map(function (d) { return d.ts; }), clicks, ctr], fig);
  }

  function chartWidth(node) { return Math.max(280, Math.floor(node.getBoundingClientRect().width || 600)); }

  function renderBalance(partners) {
    var list = $('balance');
    clear(list);
    var shown = partners.filter(function (p) { return p.clicksSent > 0 || p.clicksReceived > 0; });
    if (!shown.length) { list.appendChild(el('li', { text: 'Niciun click în interval.' })); return; }
    shown.sort(function (a, b) { return a.balance - b.balance; });
    var max = shown.reduce(function (m, p) { return Math.max(m, Math.abs(p.balance)); }, 1);
    shown.forEach(function (p) {
      var bar = el('span', { className: 'bar ' + (p.balance < 0 ? 'neg' : 'pos') });
      bar.style.width = (50 * Math.abs(p.balance)) / max + '%';
      var sign = p.balance > 0 ? '+' : '';
      list.appendChild(el('li', { 'aria-label': p.name + ': balanță ' + sign + p.balance + ', trimise ' + p.clicksSent + ', primite ' + p.clicksReceived }, [
        el('span', { className: 'name', text: p.name, title: p.id }),
        el('span', { className: 'track', 'aria-hidden': 'true' }, [bar]),
        el('span', { className: 'value', text: sign + fmt.format(p.balance) }),
        el('span', { className: 'detail', 'aria-hidden': 'true', text: 'trimise ' + fmt.format(p.clicksSent) + ' · primite ' + fmt.format(p.clicksReceived) + (p.fairExchange ? ' · schimb echitabil activ' : '') })
      ]));
    });
  }

  function busiestPublisher(rows) {
    var shown = {};
    var best = '';
    rows.forEach(function (r) {
      shown[r.publisher] = (shown[r.publisher] || 0) + r.impressions;
      if (!best || shown[r.publisher] > shown[best]) best = r.publisher;
    });
    return best;
  }

  async function renderTop(mine) {
    var body = $('top').tBodies[0];
    var publisher = $('publisher').value || busiestPublisher(state.daily);
    var top = publisher ? await api(base() + 'top?' + query({ publisher: publisher, limit: '10' })) : null;
    if (mine !== state.loads) return;
    clear(body);
    if (!publisher) { body.appendChild(el('tr', {}, [el('td', { colspan: '4', text: 'Nicio afișare în interval.' })])); return; }
    $('top-title').textContent = 'Top titluri · ' + publisher;
    if (!top.headlines.length) body.appendChild(el('tr', {}, [el('td', { colspan: '4', text: 'Nicio afișare în interval.' })]));
    top.headlines.forEach(function (h) {
      var link = h.url ? el('a', { href: h.url, rel: 'noopener noreferrer', target: '_blank', text: h.title || h.id }) : el('span', { text: h.title || h.id });
      var badges = [['pinned', 'fixat'], ['boosted', 'promovat'], ['buried', 'retrogradat'], ['blocked', 'blocat']]
        .filter(function (b) { return h[b[0]]; })
        .map(function (b) { return el('span', { className: 'badge ' + b[0], text: b[1] }); });
      body.appendChild(el('tr', {}, [
        el('td', { className: 'title' }, [link, el('small', { text: h.outlet })].concat(badges)),
        el('td', { className: 'num', text: fmt.format(h.impressions) }),
        el('td', { className: 'num', text: fmt.format(h.clicks) }),
        el('td', { className: 'num', text: pct.format(h.ctr) })
      ]));
    });
  }

  // Feed health, when the service has feeds (a 404 means it does not).
  async function renderFeeds(partners, mine) {
    var answers = await Promise.all(partners.map(function (p) {
      return request('/v1/admin/partners/' + encodeURIComponent(p.id) + '/feeds')
        .then(function (res) { return res.ok ? res.json() : null; })
        .catch(function () { return null; });
    }));
    if (mine !== state.loads) return;
    var body = $('feeds').tBodies[0];
    clear(body);
    var any = false;
    answers.forEach(function (data, i) {
      var feeds = (data && (data.feeds || data.items)) || [];
      feeds.forEach(function (f) {
        any = true;
        var ok = !(f.lastError || f.error || f.status === 'failing' || f.status === 'error');
        body.appendChild(el('tr', {}, [
          el('td', { text: partners[i].name }),
          el('td', { text: f.url || f.id || '' }),
          el('td', { className: ok ? 'ok' : 'ko', text: ok ? 'OK' : String(f.lastError || f.error || f.status) }),
          el('td', { text: f.lastFetchedAt || f.lastSuccessAt || f.checkedAt || '—' })
        ]));
      });
    });
    $('feeds-card').hidden = !any;
  }

  async function downloadCsv() {
    var publisher = $('publisher').value;
    var res = await request(base() + 'daily?' + query({ publisher: publisher, format: 'csv' }));
    if (!res.ok) { status('Exportul CSV a eșuat (HTTP ' + res.status + ').'); return; }
    var url = URL.createObjectURL(await res.blob());
    var a = el('a', { href: url, download: 'citeste-si-' + $('from').value + '-' + $('to').value + '.csv' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function init() {
    $('signin-form').addEventListener('submit', async function (e) {
      e.preventDefault();
      var token = $('token').value.trim();
      $('signin-error').textContent = '';
      if (!token) { $('signin-error').textContent = 'Scrie tokenul sau cheia API.'; $('token').focus(); return; }
      var ok = await signIn(token).catch(function () { return false; });
      if (!ok) { $('signin-error').textContent = 'Cheie necunoscută sau expirată.'; $('token').select(); }
    });
    $('filters').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    $('publisher').addEventListener('change', function () { load(); });
    $('signout').addEventListener('click', signOut);
    $('csv').addEventListener('click', function () { downloadCsv(); });
    var resize;
    window.addEventListener('resize', function () {
      clearTimeout(resize);
      resize = setTimeout(function () { if (state.chart) state.chart.setSize({ width: chartWidth($('series')), height: 260 }); }, 100);
    });
    var saved = sessionStorage.getItem(STORAGE);
    if (saved) signIn(saved).then(function (ok) { if (!ok) signOut(); }, signOut);
    else $('token').focus();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`;
