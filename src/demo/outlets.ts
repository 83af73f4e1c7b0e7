// The sample partners of the demo: real Romanian outlets, each with the URL shape of its own site.
import { fnv1a } from '../shared/hash.js';

export interface DemoOutlet {
  id: string;
  name: string;
  domain: string;
  homepage: string;
  /** Article numbers look like the outlet's own: base + (hash of the title mod span). */
  numbers: readonly [base: number, span: number];
  /** An article URL in the outlet's own style. */
  url(slug: string, number: number, category: string): string;
}

/** Romanian text folded to an URL slug, the way most Romanian CMSs do it ("Știri externe" → "stiri-externe"). */
export function slugify(text: string, maxLength = 90): string {
  const slug = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  return cut.slice(0, Math.max(cut.lastIndexOf('-'), 1));
}

/** A stable article number in a range, so reloading the demo updates the same URLs instead of adding new ones. */
export function articleNumber(title: string, base: number, span: number): number {
  return base + (fnv1a(title) % span);
}

export const DEMO_OUTLETS = [
  {
    id: 'digi24',
    name: 'Digi24',
    domain: 'digi24.ro',
    homepage: 'https://www.digi24.ro/',
    numbers: [3_400_000, 90_000],
    url: (slug, n, category) => `https://www.digi24.ro/stiri/${slugify(category)}/${slug}-${n}`,
  },
  {
    id: 'mediafax',
    name: 'Mediafax',
    domain: 'mediafax.ro',
    homepage: 'https://www.mediafax.ro/',
    numbers: [22_500_000, 400_000],
    url: (slug, n, category) => `https://www.mediafax.ro/${slugify(category)}/${slug}-${n}`,
  },
  {
    id: 'prosport',
    name: 'Prosport.ro',
    domain: 'prosport.ro',
    homepage: 'https://www.prosport.ro/',
    numbers: [21_000_000, 300_000],
    url: (slug, n, category) => `https://www.prosport.ro/${slugify(category)}/${slug}-${n}`,
  },
  {
    id: 'gsp',
    name: 'GSP.ro',
    domain: 'gsp.ro',
    homepage: 'https://www.gsp.ro/',
    numbers: [830_000, 20_000],
    url: (slug, n, category) => `https://www.gsp.ro/${slugify(category)}/${slug}-${n}.html`,
  },
  {
    id: 'adevarul',
    name: 'Adevărul',
    domain: 'adevarul.ro',
    homepage: 'https://adevarul.ro/',
    numbers: [2_410_000, 30_000],
    url: (slug, n, category) => `https://adevarul.ro/${slugify(category)}/${slug}-${n}.html`,
  },
  {
    id: 'hotnews',
    name: 'HotNews.ro',
    domain: 'hotnews.ro',
    homepage: 'https://hotnews.ro/',
    numbers: [2_050_000, 20_000],
    url: (slug, n) => `https://hotnews.ro/${slug}-${n}`,
  },
  {
    id: 'libertatea',
    name: 'Libertatea',
    domain: 'libertatea.ro',
    homepage: 'https://www.libertatea.ro/',
    numbers: [5_200_000, 60_000],
    url: (slug, n, category) => `https://www.libertatea.ro/${slugify(category)}/${slug}-${n}`,
  },
  {
    id: 'promotor',
    name: 'Promotor.ro',
    domain: 'promotor.ro',
    homepage: 'https://www.promotor.ro/',
    numbers: [21_900_000, 50_000],
    url: (slug, n, category) => `https://www.promotor.ro/${slugify(category)}/${slug}-${n}`,
  },
  {
    id: 'descopera',
    name: 'Descopera.ro',
    domain: 'descopera.ro',
    homepage: 'https://www.descopera.ro/',
    numbers: [21_800_000, 40_000],
    url: (slug, n, category) => `https://www.descopera.ro/${slugify(category)}/${n}-${slug}`,
  },
  {
    id: 'cancan',
    name: 'Cancan.ro',
    domain: 'cancan.ro',
    homepage: 'https://www.cancan.ro/',
    numbers: [23_700_000, 90_000],
    url: (slug, n) => `https://www.cancan.ro/${slug}-${n}.html`,
  },
  {
    id: 'evz',
    name: 'Evenimentul Zilei',
    domain: 'evz.ro',
    homepage: 'https://evz.ro/',
    numbers: [3_740_000, 20_000],
    url: (slug, n) => `https://evz.ro/${slug}-${n}.html`,
  },
] as const satisfies readonly DemoOutlet[];

export type DemoOutletId = (typeof DEMO_OUTLETS)[number]['id'];

/** The outlet of the demo articles: the `demo` publisher's own, so never shown in its widget. */
export const DEMO_HOME_OUTLET: DemoOutletId = 'evz';

export function outletById(id: DemoOutletId): DemoOutlet {
  const found = DEMO_OUTLETS.find((o) => o.id === id);
  if (!found) throw new Error(`unknown demo outlet ${id}`);
  return found;
}

/** The URL of a sample article of an outlet. */
export function demoUrl(outletId: DemoOutletId, title: string, category: string): string {
  const outlet = outletById(outletId);
  const [base, span] = outlet.numbers;
  return outlet.url(slugify(title), articleNumber(title, base, span), category);
}
