// A child process with the service's crash policy installed, driven by lines on stdin (see crash-policy.test.ts).
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { installCrashPolicy } from '../../src/process-policy.js';

const metrics = createMetrics({ defaultMetrics: false });
installCrashPolicy({
  logger: createLogger('info'),
  metrics,
  drainAndExit: (code) => {
    process.stdout.write(`draining ${code}\n`);
    setTimeout(() => process.exit(code), 10);
  },
});

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'reject') void Promise.reject(new Error('a stray rejection'));
  if (line === 'throw')
    setTimeout(() => {
      throw new Error('an uncaught exception');
    });
  if (line === 'count')
    void metrics.unhandledRejections.get().then((m) => process.stdout.write(`count ${m.values[0]?.value}\n`));
});
process.stdout.write('ready\n');
