// Public surface of the ranking engine: pure code, no HTTP and no store.
export {
  type DistributionJob,
  type Distributions,
  distributionBuffers,
  distributions,
  jobBuffers,
} from './document-topics.js';
export { HeadlineIndex } from './headline-index.js';
export { type AnalysedHeadlines, type AnalysisTail, LoadAnalyser } from './load-analysis.js';
export {
  analyze,
  foldDiacritics,
  foldKey,
  forEachTerm,
  forEachToken,
  isStopword,
  normalizeText,
  Shape,
  stemWord,
  termOf,
  tokenize,
} from './text.js';
export type { Engagement, HeadlineKind, RankedItem, RankingOptions, RankQuery } from './types.js';
export { urlKey } from './urls.js';
