// The dashboard's HTML shell: no inline script or style (strict CSP); dashboard.js fills it from the report APIs.

export const DASHBOARD_HTML = `<!doctype html>
<html lang="ro">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light">
<title>Citește și · tablou de bord</title>
<link rel="stylesheet" href="/dashboard/assets/uPlot.min.css">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script defer src="/dashboard/assets/uPlot.iife.min.js"></script>
<script defer src="/dashboard/assets/dashboard.js"></script>
</head>
<body>
<a class="skip" href="#main">Sari la conținut</a>
<header class="top">
  <div class="brand"><span class="mark" aria-hidden="true"></span><h1>Citește și <span>· tablou de bord</span></h1></div>
  <p class="who" id="who" hidden></p>
  <button type="button" class="ghost" id="signout" hidden>Ieșire</button>
</header>
<main id="main" tabindex="-1">
  <section class="card signin" id="signin" aria-labelledby="signin-title">
    <h2 id="signin-title">Intră în cont</h2>
    <p class="hint">Folosește tokenul de administrator sau cheia API a partenerului. Cheia rămâne doar în această filă (sessionStorage).</p>
    <form id="signin-form" novalidate>
      <label for="token">Token sau cheie API</label>
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required aria-describedby="signin-error">
      <button type="submit">Intră</button>
      <p class="error" id="signin-error" role="alert"></p>
    </form>
  </section>

  <div id="app" hidden>
    <form class="filters card" id="filters" aria-label="Filtre">
      <div class="field"><label for="from">De la</label><input id="from" type="date" required></div>
      <div class="field"><label for="to">Până la</label><input id="to" type="date" required></div>
      <div class="field"><label for="publisher">Publisher</label><select id="publisher"><option value="">Toți</option></select></div>
      <div class="actions">
        <button type="submit">Actualizează</button>
        <button type="button" class="ghost" id="csv">Descarcă CSV</button>
      </div>
      <p class="status" id="status" role="status" aria-live="polite"></p>
    </form>

    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title" class="visually-hidden">Totaluri</h2>
      <dl class="kpis" id="kpis"></dl>
    </section>

    <section class="card" aria-labelledby="series-title">
      <h2 id="series-title">Clickuri și CTR pe zile</h2>
      <figure class="chart" id="series" role="img" aria-label="Grafic: clickuri și CTR pe zile"></figure>
      <details><summary>Datele graficului</summary><div class="table-wrap"><table id="series-table"><caption class="visually-hidden">Clickuri, afișări și CTR pe zile</caption><thead><tr><th scope="col">Zi</th><th scope="col" class="num">Boxuri</th><th scope="col" class="num">Afișări</th><th scope="col" class="num">Clickuri</th><th scope="col" class="num">CTR</th></tr></thead><tbody></tbody></table></div></details>
    </section>

    <div class="grid">
      <section class="card" aria-labelledby="balance-title">
        <h2 id="balance-title">Balanța schimbului</h2>
        <p class="hint" id="balance-hint">Clickuri primite minus clickuri trimise, pe partener.</p>
        <ul class="bars" id="balance" aria-describedby="balance-hint"></ul>
      </section>
      <section class="card" aria-labelledby="top-title">
        <h2 id="top-title">Top titluri</h2>
        <div class="table-wrap"><table id="top"><caption class="visually-hidden">Cele mai citite titluri</caption><thead><tr><th scope="col">Titlu</th><th scope="col" class="num">Afișări</th><th scope="col" class="num">Clickuri</th><th scope="col" class="num">CTR</th></tr></thead><tbody></tbody></table></div>
      </section>
    </div>

    <section class="card" id="feeds-card" aria-labelledby="feeds-title" hidden>
      <h2 id="feeds-title">Starea fluxurilor</h2>
      <div class="table-wrap"><table id="feeds"><thead><tr><th scope="col">Partener</th><th scope="col">Flux</th><th scope="col">Stare</th><th scope="col">Ultima citire</th></tr></thead><tbody></tbody></table></div>
    </section>
  </div>
</main>
</body>
</html>
`;
