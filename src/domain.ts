// The records the service keeps, shared by routes, services, ranking and store.

export interface Partner {
  id: string;
  name: string;
  domains: string[];
  homepage?: string;
  logoUrl?: string;
  createdAt: string;
}

export interface Publisher {
  id: string;
  name: string;
  /** The publisher's own outlet: never shown in its own widget. */
  partnerId?: string;
  title: string;
  limit: number;
  maxPerOutlet: number;
  /** When set, only these partners are shown. */
  includePartners?: string[];
  excludePartners: string[];
  excludeCategories: string[];
  updatedAt: string;
}

export interface Headline {
  /** Stable id derived from the partner and the canonical URL. */
  id: string;
  partnerId: string;
  /** Canonical URL (see canonicalUrl()). */
  url: string;
  title: string;
  summary?: string;
  imageUrl?: string;
  category?: string;
  tags: string[];
  publishedAt: string;
  expiresAt: string;
  updatedAt: string;
}
