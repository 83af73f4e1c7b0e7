// Ranking quality on the Romanian evaluation sets and on real outlets' headlines: precision@6 and rule
// faults, ranker vs baselines.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bm25Baseline,
  type EvalResult,
  type EvalSet,
  evaluate,
  indexRanker,
  latestBaseline,
  loadEvalSet,
  merge,
  oracle,
  overlapBaseline,
  type RankerFactory,
} from '../tests/fixtures/eval/harness.js';
import { loadReal, MissReport, periods, printReplay, realDataPath, replay } from './real-replay.js';

const rankers: Array<[string, RankerFactory]> = [
  ['citeste-si ranker', indexRanker],
  ['latest first', latestBaseline],
  ['exact word overlap', overlapBaseline],
  ['stemmed BM25 + section', bm25Baseline],
  ['(upper bound under rules)', oracle],
];

function row(name: string, r: EvalResult): string {
  const cells = [
    name.padEnd(26),
    r.precision.toFixed(3).padStart(6),
    String(r.hosts).padStart(5),
    String(r.ownOutlet).padStart(4),
    String(r.self).padStart(4),
    String(r.expired).padStart(4),
    String(r.duplicates).padStart(4),
    String(r.overOutlet).padStart(5),
  ];
  return cells.join(' | ');
}

function table(title: string, set: EvalSet, hosts = set.hosts): void {
  console.log(`\n${title}`);
  console.log(['ranker'.padEnd(26), '  P@6', 'hosts', 'own', 'self', 'exp', 'dup', '>max'].join(' | '));
  for (const [name, f] of rankers) console.log(row(name, evaluate(set, f, hosts)));
}

// --real: only the real-data replay (quick iteration); --diagnose: where its misses fall, per period.
const realOnly = process.argv.includes('--real');
const diagnose = process.argv.includes('--diagnose');
const a = loadEvalSet('./set-a.json');
const b = loadEvalSet('./set-b.json');
const ab = merge(a, b);
if (!realOnly) {
  table(`set A, the development set (${a.headlines.length} headlines, ${a.hosts.length} hosts)`, a);
  table(
    `held out: set B hosts over the A+B stream (${ab.headlines.length} headlines, ${b.hosts.length} hosts)`,
    ab,
  );
  table(`held out: set B alone (${b.headlines.length} headlines, ${b.hosts.length} hosts; small stream)`, b);
}
const verbose = process.argv.includes('--verbose')
  ? a
  : process.argv.includes('--verbose-b')
    ? ab
    : undefined;
if (verbose !== undefined) {
  const r = evaluate(verbose, indexRanker);
  const byId = new Map(verbose.headlines.map((h) => [h.id, h]));
  for (const h of r.perHost.filter((x) => x.hits < 6)) {
    console.log(h.host, h.topic, h.hits, h.shown.map((id) => `${id}:${byId.get(id)?.topic}`).join(' '));
  }
}

// Real outlets' headlines, when this checkout has the shared development data beside it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const realFile = realDataPath(repoRoot);
if (realFile === undefined) {
  console.log('\nreal-data replay skipped: ../shared/data/real-headlines/dev.json is not there');
} else {
  const records = loadReal(realFile);
  const reports: Array<[string, MissReport]> = [];
  printReplay(
    periods(records).map(([name, rs]) => {
      const report = new MissReport();
      reports.push([name, report]);
      return replay(name, rs, diagnose ? report.observe : undefined);
    }),
  );
  if (diagnose)
    for (const [name, report] of reports) {
      console.log(`\nmisses, ${name}`);
      report.print();
    }
}
