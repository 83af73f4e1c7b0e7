// Partners (outlets) and their API keys.
import type { Partner } from '../domain.js';
import type { Store } from '../store/types.js';
import { generateApiKey, hashApiKey } from './secrets.js';

export interface NewPartner {
  id: string;
  name: string;
  domains: string[];
  homepage?: string | undefined;
  logoUrl?: string | undefined;
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

/** Partner names for the widget, from memory; the store is asked only about partners not seen yet. */
export class PartnerDirectory {
  private readonly names = new Map<string, string>();

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    for (const p of await this.store.listPartners()) this.names.set(p.id, p.name);
  }

  remember(partner: Partner): void {
    this.names.set(partner.id, partner.name);
  }

  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  /** Makes sure the names of these partners are known (a store call only for ones never seen). */
  async ensure(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      if (this.names.has(id)) continue;
      const partner = await this.store.getPartner(id).catch(() => undefined);
      if (partner) this.remember(partner);
    }
  }
}
