// Publisher settings: validated against known partners, held in memory so the widget never waits on the store.
import type { Experiment, Publisher } from '../domain.js';
import { UnknownPartnerError } from '../errors.js';
import type { Store } from '../store/types.js';

export interface PublisherInput {
  name: string;
  partnerId?: string | undefined;
  title?: string | undefined;
  limit?: number | undefined;
  maxPerOutlet?: number | undefined;
  includePartners?: string[] | undefined;
  excludePartners?: string[] | undefined;
  excludeCategories?: string[] | undefined;
  fairExchange?: boolean | undefined;
  experiment?: ExperimentInput | undefined;
}

export interface ExperimentInput {
  name: string;
  variants: {
    name: string;
    weight: number;
    fairExchange?: boolean | undefined;
    halfLifeHours?: number | undefined;
    learning?: boolean | undefined;
  }[];
}

function experimentOf(input: ExperimentInput): Experiment {
  return {
    name: input.name,
    variants: input.variants.map(({ name, weight, fairExchange, halfLifeHours, learning }) => ({
      name,
      weight,
      ...(fairExchange === undefined ? {} : { fairExchange }),
      ...(halfLifeHours === undefined ? {} : { halfLifeHours }),
      ...(learning === undefined ? {} : { learning }),
    })),
  };
}

export const PUBLISHER_DEFAULTS = { title: 'Citește și', limit: 6, maxPerOutlet: 2 } as const;

export class PublisherService {
  private readonly cache = new Map<string, Publisher>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly onPut: (publisher: Publisher) => Promise<void>,
  ) {}

  /** Loads every publisher into memory. */
  async load(): Promise<void> {
    const all = await this.store.listPublishers();
    this.cache.clear();
    for (const p of all) this.cache.set(p.id, p);
  }

  /** Creates or replaces a publisher. */
  async put(id: string, input: PublisherInput): Promise<Publisher> {
    const known = new Set((await this.store.listPartners()).map((p) => p.id));
    const problems: { path: string; message: string }[] = [];
    if (input.partnerId !== undefined && !known.has(input.partnerId)) {
      problems.push({ path: 'partnerId', message: `no partner "${input.partnerId}"` });
    }
    for (const field of ['includePartners', 'excludePartners'] as const) {
      input[field]?.forEach((pid, i) => {
        if (!known.has(pid)) problems.push({ path: `${field}.${i}`, message: `no partner "${pid}"` });
      });
    }
    if (problems.length) throw new UnknownPartnerError(problems);

    const publisher: Publisher = {
      id,
      name: input.name,
      title: input.title ?? PUBLISHER_DEFAULTS.title,
      limit: input.limit ?? PUBLISHER_DEFAULTS.limit,
      maxPerOutlet: input.maxPerOutlet ?? PUBLISHER_DEFAULTS.maxPerOutlet,
      excludePartners: [...new Set(input.excludePartners ?? [])],
      excludeCategories: [...new Set(input.excludeCategories ?? [])],
      updatedAt: new Date(this.now()).toISOString(),
    };
    if (input.partnerId !== undefined) publisher.partnerId = input.partnerId;
    if (input.includePartners !== undefined) publisher.includePartners = [...new Set(input.includePartners)];
    if (input.fairExchange !== undefined) publisher.fairExchange = input.fairExchange;
    if (input.experiment !== undefined) publisher.experiment = experimentOf(input.experiment);
    await this.store.putPublisher(publisher);
    this.remember(publisher);
    await this.onPut(publisher);
    return publisher;
  }

  /** From memory; asks the store only for a publisher this instance has not seen yet. */
  async get(id: string): Promise<Publisher | undefined> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const stored = await this.store.getPublisher(id);
    if (stored) this.remember(stored);
    return stored;
  }

  /** Every publisher this instance knows, from memory. */
  all(): Publisher[] {
    return [...this.cache.values()];
  }

  /** A publisher created or changed by another instance. */
  remember(publisher: Publisher): void {
    this.cache.set(publisher.id, publisher);
  }
}
