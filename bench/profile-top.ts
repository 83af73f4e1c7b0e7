// The top frames of a V8 CPU profile (`node --cpu-prof`, e.g. `npm run bench -- --profile DIR`), by self time
// and by total time (the frame and what it called): `npx tsx bench/profile-top.ts file.cpuprofile [count]`.
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
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
for (const id of profile.samples) {
  const leaf = byId.get(id);
  if (!leaf) continue;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + 1);
  // Each frame once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) seen.add(label(n));
  for (const key of seen) total.set(key, (total.get(key) ?? 0) + 1);
}
const samples = profile.samples.length;
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [key, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
    process.stdout.write(`${((n / samples) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
};
print('self time', self);
print('total time', total);
