// Partners (outlets) and their API keys.
import type { Partner } from '../domain.js';
import { generateApiKey, hashApiKey } from '../shared/secrets.js';
import type { Store } from '../store/types.js';

export interface NewPartner {
  id: string;
  name: string;
  domains: string[];
  homepage?: string | undefined;
  logoUrl?: string | undefined;
  imageHosts?: string[] | undefined;
}

export class PartnerService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly directory: PartnerDirectory,
  ) {}

  /** Creates a partner; the returned key is never stored or shown again. */
  async create(input: NewPartner): Promise<{ partner: Partner; apiKey: string }> {
    const partner: Partner = {
      id: input.id,
      name: input.name,
      domains: [...new Set(input.domains.map((d) => d.toLowerCase()))],
      createdAt: new Date(this.now()).toISOString(),
    };
    if (input.homepage !== undefined) partner.homepage = input.homepage;
    if (input.logoUrl !== undefined) partner.logoUrl = input.logoUrl;
    if (input.imageHosts?.length) partner.imageHosts = [...new Set(input.imageHosts)];
    const apiKey = generateApiKey();
    await this.store.createPartner(partner, hashApiKey(apiKey));
    this.directory.remember(partner);
    return { partner, apiKey };
  }

  list(): Promise<Partner[]> {
    return this.store.listPartners();
  }

  get(id: string): Promise<Partner | undefined> {
    return this.store.getPartner(id);
  }

  /** Issues a new key; every older key of the partner stops working. */
  async rotateKey(partnerId: string): Promise<string> {
    const apiKey = generateApiKey();
    await this.store.replacePartnerKey(partnerId, hashApiKey(apiKey));
    return apiKey;
  }

  /** The partner a key belongs to, if the key is current. */
  async authenticate(apiKey: string): Promise<Partner | undefined> {
    const partnerId = await this.store.partnerIdForKey(hashApiKey(apiKey));
    return partnerId === undefined ? undefined : this.store.getPartner(partnerId);
  }
}

/** Partners as the widget needs them (names, logos, image hosts), from memory; the store is asked only
 * about partners this instance has not seen yet. */
export class PartnerDirectory {
  private readonly partners = new Map<string, Partner>();

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    for (const p of await this.store.listPartners()) this.partners.set(p.id, p);
  }

  remember(partner: Partner): void {
    this.partners.set(partner.id, partner);
  }

  name(id: string): string {
    return this.partners.get(id)?.name ?? id;
  }

  get(id: string): Partner | undefined {
    return this.partners.get(id);
  }

  /** The partner, loading it from the store only when this instance has never seen it. */
  async lookup(id: string): Promise<Partner | undefined> {
    await this.ensure([id]);
    return this.partners.get(id);
  }

  /** Makes sure these partners are known (a store call only for ones never seen; failures leave them unknown). */
  async ensure(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      if (this.partners.has(id)) continue;
      const partner = await this.store.getPartner(id).catch(() => undefined);
      if (partner) this.remember(partner);
    }
  }
}
