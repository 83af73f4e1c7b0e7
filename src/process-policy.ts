// What the process does with an error no code handled. A stray rejection is one failed task: log it, count it
// and keep serving. An uncaught exception leaves state unknown: stop taking requests, drain, exit non-zero.
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';

export interface CrashPolicyDeps {
  logger: Logger;
  metrics: Pick<Metrics, 'unhandledRejections'>;
  /** Stops accepting, finishes in-flight requests, flushes, then exits with `code`. */
  drainAndExit: (code: number) => void;
}

/** Exit code after an uncaught exception (drained first). */
export const CRASH_EXIT_CODE = 70;

export function installCrashPolicy(deps: CrashPolicyDeps, target: NodeJS.Process = process): void {
  target.on('unhandledRejection', (reason: unknown) => {
    deps.metrics.unhandledRejections.inc();
    deps.logger.error({ err: reason }, 'unhandled promise rejection; still serving');
  });
  target.on('uncaughtException', (err: Error) => {
    deps.logger.fatal({ err }, 'uncaught exception; draining and exiting');
    deps.drainAndExit(CRASH_EXIT_CODE);
  });
}
