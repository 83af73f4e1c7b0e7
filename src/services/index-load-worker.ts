// The worker thread of a bulk load (index-load.ts): parses its share of the stored headlines and analyses
// their texts for the index the main thread builds, then computes part of its headlines' topic
// distributions. Messages: texts → analysed batch; 'tail' → the tail; a distribution job → distributions.
import { parentPort } from 'node:worker_threads';
import { type DistributionJob, distributionBuffers, distributions, LoadAnalyser } from '../ranking/index.js';
import { liveStoredHeadlines } from '../store/stored-headlines.js';
import type { StoredTexts } from '../store/types.js';

export type ToWorker =
  | { type: 'texts'; texts: StoredTexts; nowMs: number }
  | { type: 'tail' }
  | { type: 'distributions'; job: DistributionJob };

const port = parentPort;
const analyser = new LoadAnalyser();
port?.on('message', (m: ToWorker) => {
  if (m.type === 'texts') {
    const batch = analyser.analyse(liveStoredHeadlines(m.texts, m.nowMs));
    port.postMessage({ type: 'batch', batch }, [batch.data.buffer, batch.times.buffer, batch.odd.buffer]);
  } else if (m.type === 'tail') {
    const tail = analyser.tail();
    port.postMessage({ type: 'tail', tail }, [tail.capitalised.buffer, tail.lowercase.buffer]);
  } else {
    const result = distributions(m.job);
    port.postMessage({ type: 'distributions', result }, distributionBuffers(result));
  }
});
port?.postMessage({ type: 'ready' });
