// The dashboard's style sheet: one column on a phone, two on a desktop; contrast ≥ 4.5:1 for text.

export const DASHBOARD_CSS = `
*{box-sizing:border-box}
:root{--ink:#1b1d21;--muted:#555b65;--line:#e2e5ea;--bg:#f4f5f7;--card:#fff;--brand:#c8102e;--blue:#1f4e9c;--good:#16794a;--bad:#b3261e;--focus:#1f4e9c}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
a{color:var(--blue)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:8px;background:var(--ink);color:#fff;padding:8px 12px;border-radius:6px;z-index:10}
.skip:focus{left:8px}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{display:flex;align-items:center;gap:12px;padding:14px clamp(14px,4vw,32px);background:var(--card);border-bottom:1px solid var(--line)}
.brand{display:flex;align-items:center;gap:10px;margin-right:auto;min-width:0}
.mark{width:10px;height:28px;border-radius:3px;background:var(--brand)}
h1{margin:0;font-size:19px;line-height:1.2;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
h1 span{color:var(--muted);font-weight:500}
.who{margin:0;color:var(--muted);font-size:13px}
main{max-width:1180px;margin:0 auto;padding:18px clamp(12px,3vw,28px) 40px}
main:focus{outline:none}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;margin-bottom:16px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
h2{margin:0 0 10px;font-size:16px;line-height:1.3}
.hint{margin:0 0 12px;color:var(--muted);font-size:13px}
label{display:block;font-size:13px;font-weight:600;margin-bottom:4px}
input,select,button{font:inherit;color:inherit}
input,select{width:100%;min-height:40px;padding:8px 10px;border:1px solid #9aa1ab;border-radius:8px;background:#fff}
button{min-height:40px;padding:8px 16px;border:1px solid var(--brand);border-radius:8px;background:var(--brand);color:#fff;font-weight:600;cursor:pointer}
button:hover{background:#a50d26}
button.ghost{background:#fff;color:var(--ink);border-color:#9aa1ab}
button.ghost:hover{background:#eef0f3}
.signin{max-width:460px;margin:8vh auto}
.signin form{display:grid;gap:10px}
.error{margin:0;min-height:1.2em;color:var(--bad);font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}
.filters .field{flex:1 1 150px}
.filters .actions{display:flex;gap:8px;flex:0 1 auto;flex-wrap:wrap}
.status{flex:1 1 100%;margin:0;min-height:1.2em;color:var(--muted);font-size:13px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:0 0 16px}
.kpis div{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 14px}
.kpis dt{color:var(--muted);font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.kpis dd{margin:4px 0 0;font-size:24px;font-weight:700;font-variant-numeric:tabular-nums}
.chart{margin:0;min-height:260px}
.chart .empty{display:grid;place-items:center;height:240px;color:var(--muted)}
.uplot{font-family:inherit}
.u-legend{font-size:13px}
details{margin-top:10px;font-size:14px}
summary{cursor:pointer;color:var(--blue);font-weight:600}
.grid{display:grid;grid-template-columns:1fr;gap:16px}
.grid .card{margin-bottom:0}
.grid{margin-bottom:16px}
@media (min-width:900px){.grid{grid-template-columns:minmax(0,5fr) minmax(0,7fr)}}
.table-wrap{overflow-x:auto}
.table-wrap table{width:100%;border-collapse:collapse;font-size:14px}
.table-wrap th,.table-wrap td{padding:8px 6px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
.table-wrap thead th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.table-wrap tbody th{font-weight:600}
.table-wrap .num{text-align:right}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.title a{color:var(--ink);text-decoration:none;font-weight:600}
td.title a:hover{text-decoration:underline}
td.title small{display:block;color:var(--muted);font-size:12px;margin-top:2px}
.badge{display:inline-block;margin:2px 4px 0 0;padding:0 6px;border-radius:999px;font-size:11px;font-weight:700;line-height:18px;background:#eef0f3;color:var(--ink)}
.badge.pinned{background:#e3ecfa;color:#173d7a}.badge.boosted{background:#e2f3ea;color:#0f5a36}
.badge.buried{background:#fdecea;color:#8c1d18}.badge.blocked{background:#1b1d21;color:#fff}
.bars{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.bars li{display:grid;grid-template-columns:minmax(70px,120px) 1fr minmax(48px,auto);gap:10px;align-items:center;font-size:14px}
.bars .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bars .track{position:relative;height:18px;background:#eef0f3;border-radius:4px}
.bars .track::after{content:"";position:absolute;left:50%;top:-3px;bottom:-3px;width:2px;background:#9aa1ab}
.bars .bar{position:absolute;top:0;bottom:0;border-radius:4px}
.bars .bar.pos{left:50%;background:var(--good)}
.bars .bar.neg{right:50%;background:var(--bad)}
.bars .value{font-weight:700;text-align:right;font-variant-numeric:tabular-nums}
.bars .detail{grid-column:2/-1;margin-top:-6px;color:var(--muted);font-size:12px}
.ok{color:var(--good);font-weight:600}.ko{color:var(--bad);font-weight:600}
@media (max-width:520px){
body{font-size:14px}.kpis dd{font-size:20px}h1 span{display:none}
.kpis{grid-template-columns:1fr 1fr}.kpis div:last-child:nth-child(odd){grid-column:1/-1}
.card{padding:14px}
#top th:nth-child(2),#top td:nth-child(2){display:none}
.table-wrap thead th{letter-spacing:0;font-size:11px}
.filters .actions{flex:1 1 100%}.filters .actions button{flex:1}
}
`;
