import { loadEvalSet } from './tests/fixtures/eval/harness.js';
import { HeadlineIndex } from './src/ranking/index.js';
const set = loadEvalSet('./set-a.json');
const idx = new HeadlineIndex({ halfLifeHours: 24 });
for (const h of set.headlines) idx.upsert(h);
const host = set.hosts.find(h=>h.id==='host-11')!;
console.log(idx.findByUrl(host.url).map(h=>h.title));
const r = idx.rank({ title: 'BNR a menținut dobânda de politică monetară la 6,5%. Inflația rămâne peste țintă', limit: 6, maxPerOutlet: 2, nowMs: Date.parse(set.now), random: () => 0.5 });
for (const i of r) console.log(i.reason, i.relevance.toFixed(3), i.headline.title);
