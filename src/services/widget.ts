// The widget answer: rank live headlines for one article on one publisher, sign what was served.
import { WIDE_LIMIT, type WidgetControls } from '../controls/controls.js';
import { answerContext, contextHash, contextKey } from '../controls/learning.js';
import { rerank } from '../controls/rerank.js';
import type { Headline, Publisher } from '../domain.js';
import type { RankedItem, RankQuery } from '../ranking/index.js';
import { canonicalUrl } from '../shared/urls.js';
import type { ThumbnailRef, ThumbnailService } from '../thumbnails/service.js';
import { AnswerCache } from './answer-cache.js';
import type { LearningService } from './learning.js';
import type { LiveIndex } from './live-index.js';
import type { PartnerDirectory } from './partners.js';
import type { PublisherService } from './publishers.js';
import type { TokenSigner } from './tokens.js';

export interface WidgetRequest {
  publisherId: string;
  url?: string | undefined;
  title?: string | undefined;
  section?: string | undefined;
  keywords?: string[] | undefined;
  limit?: number | undefined;
  /** Headline ids the reader should not see again (already clicked). */
  exclude?: string[] | undefined;
  /** A page-view id from the embed: keeps an experiment's variant stable for that view. */
  pageView?: string | undefined;
}

export interface WidgetItem {
  id: string;
  url: string;
  title: string;
  imageUrl?: string;
  /** Card-sized versions of imageUrl served by this service (absent when the image does not qualify). */
  thumbnail?: ThumbnailRef;
  outlet: { id: string; name: string; logoUrl?: string };
  category?: string;
  publishedAt: string;
}

export interface WidgetAnswer {
  publisher: string;
  title: string;
  token: string;
  items: WidgetItem[];
}

export interface WidgetServiceOptions {
  now: () => number;
  tokenTtlSeconds: number;
  /** How long one ranked answer is reused for the same article (ms); 0 = never. */
  answerCacheMs: number;
  random?: () => number;
  /** Editorial rules, fair exchange and experiments, applied around the ranker. */
  controls?: WidgetControls;
  /** Card thumbnails and outlet logos. */
  images?: Pick<ThumbnailService, 'prepare' | 'forCard'>;
  /** Learning from readers (its snapshot is in memory: no store command per answer); absent = none. */
  learning?: LearningService;
}

export class WidgetService {
  /** Ranked answers by request, with the updatedAt (ms) of each item as it was when ranked. */
  private readonly answers: AnswerCache<{ answer: WidgetAnswer; versions: number[] }> | undefined;

  constructor(
    private readonly publishers: PublisherService,
    private readonly partners: PartnerDirectory,
    private readonly live: LiveIndex,
    private readonly signer: TokenSigner,
    private readonly options: WidgetServiceOptions,
  ) {
    if (options.answerCacheMs > 0) {
      this.answers = new AnswerCache(options.answerCacheMs, (entry) => answerBytes(entry.answer));
      // Rules and freshness beat caching: any change to headlines, publishers or rules drops every answer,
      // so a new headline is served at once; stillServable() also checks each item as a second guard.
      live.onChange((change) => {
        if (change.type !== 'stats.delta') this.answers?.clear();
      });
    }
  }

  /** undefined when the publisher is unknown. */
  async answer(req: WidgetRequest): Promise<WidgetAnswer | undefined> {
    const publisher = await this.publishers.get(req.publisherId);
    if (!publisher) return undefined;
    const variant = this.options.controls?.variantOf(publisher, req.pageView) ?? 0;
    const key = cacheKey(req, variant);
    const cached = this.answers?.get(key);
    if (cached && this.stillServable(cached.versions, cached.answer)) return cached.answer;

    const query = this.query(publisher, req);
    const plan = this.options.controls?.plan(publisher, variant, query);
    const learning = this.options.learning;
    // An experiment variant may serve the ranker's order, to measure what learning earns (its events still teach).
    const learns = publisher.experiment?.variants[variant - 1]?.learning !== false;
    const model = learns ? learning?.current() : undefined;
    const { limit, maxPerOutlet } = query;
    // Learning picks the box among the ranker's wider list (rerank applies the outlet cap again); before
    // readers reported anything at all, the ranker's box stands as it is.
    const learn = model?.knows() === true;
    if (learn) {
      query.limit = WIDE_LIMIT;
      query.maxPerOutlet = WIDE_LIMIT;
    }
    const ranked = this.live.index.rank(query);
    // The context the answer's events will teach about (the token carries it).
    const topic = learning ? answerContext(ranked, req.section) : '';
    const context = topic === '' ? 0 : contextHash(topic);
    let learned: ((item: RankedItem) => number) | undefined;
    if (learn && model?.knows(contextKey(context))) {
      const values = model.values(ranked, contextKey(context));
      learned = (item) => values.get(item.kind.id) ?? 0;
    }
    const headlines = plan
      ? plan.finish(ranked, learned)
      : learn
        ? rerank({ ranked, limit, maxPerOutlet, ...(learned ? { learned } : {}) })
        : ranked.map((r) => r.headline);
    await this.partners.ensure(new Set(headlines.map((h) => h.partnerId)));
    await this.options.images?.prepare(headlines.map((h) => h.partnerId));
    const answer: WidgetAnswer = {
      publisher: publisher.id,
      title: publisher.title,
      token: this.signer.sign({
        publisherId: publisher.id,
        items: headlines.map((h) => h.id),
        expiresAt: Math.floor(this.options.now() / 1000) + this.options.tokenTtlSeconds,
        variant,
        ...(context ? { context } : {}),
      }),
      items: headlines.map((h) => this.item(h)),
    };
    this.answers?.set(key, { answer, versions: headlines.map((h) => Date.parse(h.updatedAt)) });
    return answer;
  }

  private query(publisher: Publisher, req: WidgetRequest): RankQuery {
    const excludePartners = new Set(publisher.excludePartners);
    if (publisher.partnerId) excludePartners.add(publisher.partnerId);
    const q: RankQuery = {
      limit: Math.min(req.limit ?? publisher.limit, 20),
      maxPerOutlet: publisher.maxPerOutlet,
      excludePartners,
      excludeCategories: publisher.excludeCategories,
      nowMs: this.options.now(),
    };
    // Without the learner, the ranker's own bounded click-through factor.
    if (!this.options.learning) q.engagement = this.live.engagement;
    const url = req.url === undefined ? undefined : canonicalUrl(req.url);
    if (url) q.articleUrl = url;
    if (req.title) q.title = req.title;
    if (req.section) q.section = req.section;
    if (req.keywords?.length) q.keywords = req.keywords;
    if (req.exclude?.length) q.excludeIds = new Set(req.exclude);
    if (publisher.includePartners) q.includePartners = new Set(publisher.includePartners);
    if (this.options.random) q.random = this.options.random;
    return q;
  }

  private item(h: Headline): WidgetItem {
    const item: WidgetItem = {
      id: h.id,
      url: h.url,
      title: h.title,
      outlet: { id: h.partnerId, name: this.partners.name(h.partnerId) },
      publishedAt: h.publishedAt,
    };
    if (h.imageUrl) item.imageUrl = h.imageUrl;
    const card = this.options.images?.forCard(h);
    if (card?.thumbnail) item.thumbnail = card.thumbnail;
    if (card?.logoUrl) item.outlet.logoUrl = card.logoUrl;
    if (h.category) item.category = h.category;
    return item;
  }

  /** A cached answer is reused only while every item in it is live and unchanged since it was ranked. */
  private stillServable(versions: readonly number[], answer: WidgetAnswer): boolean {
    const now = this.options.now();
    return answer.items.every((item, i) => this.live.isCurrent(item.id, versions[i] ?? Number.NaN, now));
  }
}

/** A cheap estimate of one answer's footprint: its strings twice (objects, then the serialised body). */
function answerBytes(answer: WidgetAnswer): number {
  let chars = answer.token.length + answer.title.length;
  for (const item of answer.items)
    chars += item.id.length + item.url.length + item.title.length + (item.imageUrl?.length ?? 0) + 300;
  return 4 * chars + 256;
}

function cacheKey(req: WidgetRequest, variant: number): string {
  return JSON.stringify([
    variant,
    req.publisherId,
    req.url ?? '',
    req.title ?? '',
    req.section ?? '',
    req.keywords ?? [],
    req.limit ?? 0,
    req.exclude ?? [],
  ]);
}
