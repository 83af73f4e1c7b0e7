// Editorial rules per publisher (pin, boost/bury, block): stored, held in memory, announced to every instance.
import type { BlockRule, BoostRule, PinRule, PublisherRules, RuleWindow } from '../domain.js';
import { UnknownPartnerError } from '../errors.js';
import { canonicalUrl } from '../shared/urls.js';
import type { Store } from '../store/types.js';

/** Optional fields may come as undefined (validated input); stored rules never hold an undefined. */
type Loose<T> = { [K in keyof T]: undefined extends T[K] ? T[K] | undefined : T[K] };

export interface RulesInput {
  pins?: Loose<PinRule>[] | undefined;
  boosts?: Loose<BoostRule>[] | undefined;
  blocks?: Loose<BlockRule>[] | undefined;
}

/** A rule applies from `from` (included) until `until` (excluded); an absent end is open. */
export function isActive(rule: RuleWindow, nowMs: number): boolean {
  return (
    (rule.from === undefined || Date.parse(rule.from) <= nowMs) &&
    (rule.until === undefined || nowMs < Date.parse(rule.until))
  );
}

/** Whether a rule's window meets [fromMs, toMs). */
export function overlaps(rule: RuleWindow, fromMs: number, toMs: number): boolean {
  return (
    (rule.from === undefined || Date.parse(rule.from) < toMs) &&
    (rule.until === undefined || fromMs < Date.parse(rule.until))
  );
}

function emptyRules(publisherId: string, updatedAt: string): PublisherRules {
  return { publisherId, pins: [], boosts: [], blocks: [], updatedAt };
}

export class EditorialRules {
  private readonly cache = new Map<string, PublisherRules>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly onPut: (rules: PublisherRules) => Promise<void>,
  ) {}

  async load(): Promise<void> {
    const all = await this.store.listRules();
    this.cache.clear();
    for (const r of all) this.cache.set(r.publisherId, r);
  }

  /** Replaces a publisher's rules; URLs are stored canonical, partners must exist. */
  async put(publisherId: string, input: RulesInput): Promise<PublisherRules> {
    const boosts = input.boosts ?? [];
    if (boosts.some((b) => b.partnerId !== undefined)) {
      const known = new Set((await this.store.listPartners()).map((p) => p.id));
      const problems = boosts.flatMap((b, i) =>
        b.partnerId === undefined || known.has(b.partnerId)
          ? []
          : [{ path: `boosts.${i}.partnerId`, message: `no partner "${b.partnerId}"` }],
      );
      if (problems.length) throw new UnknownPartnerError(problems);
    }
    const rules: PublisherRules = {
      publisherId,
      pins: (input.pins ?? []).map(canonicalRef),
      boosts: boosts.map(canonicalRef),
      blocks: (input.blocks ?? []).map(canonicalRef),
      updatedAt: new Date(this.now()).toISOString(),
    };
    await this.store.putRules(rules);
    this.remember(rules);
    await this.onPut(rules);
    return rules;
  }

  /** From memory: the widget path never waits on the store. */
  get(publisherId: string): PublisherRules | undefined {
    return this.cache.get(publisherId);
  }

  /** The publisher's rules, or an empty set dated `since` (its settings' date) when it has none. */
  current(publisherId: string, since: string): PublisherRules {
    return this.get(publisherId) ?? emptyRules(publisherId, since);
  }

  /** Rules changed by another instance. */
  remember(rules: PublisherRules): void {
    this.cache.set(rules.publisherId, rules);
  }
}

/** The rule without undefined fields, its URL canonical. */
function canonicalRef<T extends { url?: string }>(rule: Loose<T>): T {
  const out = Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)) as T;
  if (out.url !== undefined) out.url = canonicalUrl(out.url) ?? out.url;
  return out;
}
