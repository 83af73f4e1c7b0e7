import { loadEvalSet } from './tests/fixtures/eval/harness.js';
import { HeadlineIndex, analyze } from './src/ranking/index.js';
const set = loadEvalSet('./set-a.json');
const idx = new HeadlineIndex({ halfLifeHours: 24 });
for (const h of set.headlines) idx.upsert(h);
const topic = new Map(set.headlines.map(h=>[h.id,h.topic]));
for (const hid of process.argv.slice(2)) {
  const host = set.hosts.find(h=>h.id===hid)!;
  console.log(host, analyze(host.title ?? ''));
  const r = idx.rank({ articleUrl: host.url, ...(host.title?{title:host.title}:{}), ...(host.section?{section:host.section}:{}), ...(host.keywords?{keywords:host.keywords}:{}), limit: 6, maxPerOutlet: 2, excludePartners: new Set([host.outlet]), nowMs: Date.parse(set.now), random: () => 0.5 });
  for (const i of r) console.log(i.reason, i.relevance.toFixed(3), i.score.toFixed(3), topic.get(i.headline.id), i.headline.title);
}
