// A bulk load from the store on two threads: the main thread reads the stored headlines' JSON texts and
// hands chunks to a worker thread (index-load-worker.ts), which parses and analyses them while the main
// thread indexes chunks of its own; its analysed batches join the same load (HeadlineIndex.upsertAnalysed),
// in the order it analysed them. At the end the worker computes most of the headlines' topic distributions
// (on a copy of the learned model) while the main thread builds the posting lists. The built index is the
// one a load on one thread builds (the bulk load does not depend on the order headlines come in). The worker starts only for a store of more than one
// chunk, and lives for one load.
import { Worker } from 'node:worker_threads';
import {
  type AnalysedHeadlines,
  type AnalysisTail,
  type DistributionJob,
  type Distributions,
  type HeadlineIndex,
  jobBuffers,
} from '../ranking/index.js';
import { forEachReadingAhead } from '../shared/read-ahead.js';
import { liveStoredHeadlines } from '../store/stored-headlines.js';
import type { StoredTexts } from '../store/types.js';
import type { ToWorker } from './index-load-worker.js';

type FromWorker =
  | { type: 'ready' }
  | { type: 'batch'; batch: AnalysedHeadlines }
  | { type: 'tail'; tail: AnalysisTail }
  | { type: 'distributions'; result: Distributions };

/** The worker failed (to start, or while loading): the load can be done again on one thread. */
export class LoadWorkerError extends Error {
  constructor(cause: unknown) {
    super('index load worker failed', { cause });
  }
}

/** Chunks the worker may hold at once: one to work on, one waiting, so it is never idle. */
const IN_FLIGHT = 4;
/**
 * Share of the headlines' topic distributions the worker computes at the end of the load, while the main
 * thread builds the posting lists (about as much work) and computes the rest.
 */
const DISTRIBUTION_SHARE = 0.75;
/**
 * Longest a worker with work outstanding may stay silent before it counts as failed (the load is then done on
 * one thread): a chunk takes it well under a second, the end-of-load distributions a few seconds.
 */
const STALL_MS = 60_000;

/** How a load's worker is started and watched; the defaults serve the service (tests start other workers). */
export interface LoadWorkerOptions {
  start?: () => Worker;
  stallMs?: number;
}

/** The worker next to this module: its .js file as built, or (run from source) its .ts file through tsx. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./index-load-worker.js', import.meta.url));
  const file = JSON.stringify(new URL('./index-load-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${file}); })`, {
    eval: true,
  });
}

class LoadWorker {
  private readonly worker: Worker;
  private ready = false;
  private inFlight = 0;
  private readonly batches: AnalysedHeadlines[] = [];
  private tail: ((tail: AnalysisTail) => void) | undefined;
  private distributed: ((d: Distributions) => void) | undefined;
  private failure: LoadWorkerError | undefined;
  /** Wakes a wait for the next message. */
  private wake: (() => void) | undefined;

  private readonly stallMs: number;

  constructor(options: LoadWorkerOptions) {
    this.worker = (options.start ?? startWorker)();
    this.stallMs = options.stallMs ?? STALL_MS;
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') this.ready = true;
      else if (m.type === 'batch') {
        this.inFlight--;
        this.batches.push(m.batch);
      } else if (m.type === 'tail') this.tail?.(m.tail);
      else this.distributed?.(m.result);
      this.notify();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`index load worker exited (${code})`)));
  }

  private fail(err: Error): void {
    this.failure ??= new LoadWorkerError(err);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** The worker's failure, if it failed (a load can still finish: distributions it owed are computed here). */
  get failed(): LoadWorkerError | undefined {
    return this.failure;
  }

  /** Resolves at the worker's next message or failure; a worker silent for `stallMs` has failed. */
  private next(): Promise<void> {
    return new Promise<void>((resolve) => {
      const silent = setTimeout(
        () => this.fail(new Error(`index load worker silent for ${this.stallMs} ms`)),
        this.stallMs,
      );
      this.wake = () => {
        clearTimeout(silent);
        resolve();
      };
    });
  }

  /** Resolves once the worker is up (or failed: `drain` then throws). */
  async started(): Promise<void> {
    while (!this.ready && this.failure === undefined) await this.next();
  }

  /** Whether the worker would take a chunk now. */
  get wantsWork(): boolean {
    return this.ready && this.failure === undefined && this.inFlight < IN_FLIGHT;
  }

  send(texts: StoredTexts, nowMs: number): void {
    this.inFlight++;
    this.worker.postMessage({ type: 'texts', texts, nowMs } satisfies ToWorker, [
      texts.bytes.buffer,
      texts.ends.buffer,
    ]);
  }

  /** Headlines taken from the worker's batches so far. */
  taken = 0;

  /** The analysed batches arrived so far, in order, into `index`. */
  drain(index: HeadlineIndex): void {
    this.check();
    for (let b = this.batches.shift(); b !== undefined; b = this.batches.shift()) {
      index.upsertAnalysed(b);
      this.taken += b.headlines.length;
    }
  }

  /**
   * Waits for every batch sent, takes them and the worker's tail into `index`, ends the load with part of
   * its distributions computed by the worker, and ends the worker.
   */
  async finish(index: HeadlineIndex): Promise<void> {
    for (;;) {
      this.drain(index);
      if (this.inFlight === 0) break;
      await this.next();
    }
    let tail: AnalysisTail | undefined;
    this.tail = (t) => {
      tail = t;
    };
    this.worker.postMessage({ type: 'tail' } satisfies ToWorker);
    while (tail === undefined) {
      this.check();
      await this.next();
    }
    index.adoptAnalysis(tail);
    await index.finishLoadSharing((job) => this.distributions(job), DISTRIBUTION_SHARE);
    this.close();
  }

  /** The distributions of a job, computed by the worker (rejects when it fails: they are computed here). */
  private async distributions(job: DistributionJob): Promise<Distributions> {
    this.check();
    let result: Distributions | undefined;
    this.distributed = (d) => {
      result = d;
    };
    this.worker.postMessage({ type: 'distributions', job } satisfies ToWorker, jobBuffers(job));
    while (result === undefined) {
      this.check();
      await this.next();
    }
    return result;
  }

  close(): void {
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }
}

/**
 * When a load uses a worker thread: 'on' from the second chunk of the scan (a store of one chunk is not worth
 * a thread), taking chunks once it is up; 'eager' from the first chunk, waited for (tests: the worker then
 * surely takes part).
 */
export type LoadWorkerMode = 'off' | 'on' | 'eager';

/**
 * Loads the chunks of stored JSON texts into `index` (between its beginLoad and finishLoad), with a worker
 * thread analysing part of them as `mode` says; returns how many headlines the worker analysed, and its failure
 * when it failed after its analysis (the load is whole: what it owed was computed here). Throws a LoadWorkerError
 * when the worker fails (or stays silent) before that: the load is then unusable.
 */
export async function loadTexts(
  index: HeadlineIndex,
  chunks: AsyncIterable<StoredTexts>,
  nowMs: number,
  mode: LoadWorkerMode,
  options: LoadWorkerOptions = {},
): Promise<{ analysed: number; failed?: LoadWorkerError }> {
  let helper: LoadWorker | undefined;
  try {
    let seen = 0;
    // The store fetches the next chunk while this one is indexed.
    await forEachReadingAhead(chunks, async (chunk) => {
      seen++;
      if (mode === 'eager' && seen === 1) {
        helper = new LoadWorker(options);
        await helper.started();
      } else if (mode === 'on' && seen === 2) helper = new LoadWorker(options);
      helper?.drain(index);
      if (helper?.wantsWork) helper.send(chunk, nowMs);
      else for (const h of liveStoredHeadlines(chunk, nowMs)) index.upsert(h);
    });
    await helper?.finish(index);
    const failed = helper?.failed;
    return { analysed: helper?.taken ?? 0, ...(failed && { failed }) };
  } finally {
    helper?.close();
  }
}
