// The top frames of a V8 CPU profile (`node --cpu-prof`, e.g. `npm run bench -- --profile DIR`), by self time
// and by total time (the frame and what it called), in ms and shares: `npx tsx bench/profile-top.ts file.cpuprofile [count]`.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-top.ts file.cpuprofile [count]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
};

// Each sample weighs the time until the next one (samples are not evenly spaced), in ms.
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
for (const [i, id] of profile.samples.entries()) {
  const leaf = byId.get(id);
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  all += ms;
  if (!leaf) continue;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
  // Each frame once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) seen.add(label(n));
  for (const key of seen) total.set(key, (total.get(key) ?? 0) + ms);
}
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title} (of ${all.toFixed(0)} ms)\n`);
  for (const [key, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
    process.stdout.write(
      `${((ms / all) * 100).toFixed(1).padStart(5)}% ${ms.toFixed(0).padStart(6)} ms  ${key}\n`,
    );
};
print('self time', self);
print('total time', total);
