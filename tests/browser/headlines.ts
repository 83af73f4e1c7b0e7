// Seed data shared by the embed and HTML widget tests: three partner outlets, the publisher "evz", headlines.
import { ADMIN_TOKEN, createPartner, jsonRequest, type TestContext } from '../support/harness.js';

export const OUTLETS = { digi24: 'Digi24', hotnews: 'HotNews', libertatea: 'Libertatea' } as const;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const image = (n: number) => `https://img.parteneri.test/${n}.svg`;

/** Two headlines per outlet: six can be served (maxPerOutlet 2); the publisher's own never is. */
export const HEADLINES = {
  digi24: [
    {
      url: 'https://www.digi24.ro/stiri/actualitate/cod-rosu-de-canicula-in-bucuresti',
      title: 'Cod roșu de caniculă în București <img src=x onerror=window.__pwned=1> și în sudul țării',
      category: 'Actualitate',
      imageUrl: image(1),
    },
    {
      url: 'https://www.digi24.ro/stiri/economie/bnr-dobanda-de-politica-monetara',
      title: 'BNR a păstrat dobânda de politică monetară la 6,5% pe an',
      category: 'Economie',
      imageUrl: image(2),
    },
  ],
  hotnews: [
    {
      url: 'https://www.hotnews.ro/stiri-esential/trenuri-anulate-din-cauza-caldurii',
      title: 'CFR anulează trenuri din cauza caniculei: ce rute sunt afectate',
      category: 'Actualitate',
      imageUrl: image(3),
    },
    {
      url: 'https://www.hotnews.ro/stiri-sport/simona-halep-revenire',
      title: 'Simona Halep anunță când revine pe teren după accidentare',
      category: 'Sport',
    },
  ],
  libertatea: [
    {
      url: 'https://www.libertatea.ro/stiri/spitale-pregatite-pentru-val-de-caldura',
      title: 'Spitalele din Capitală, pregătite pentru valul de căldură extremă',
      category: 'Sănătate',
      imageUrl: image(4),
    },
    {
      url: 'https://www.libertatea.ro/stiri/cluj-festival-record',
      title: 'Festivalul de la Cluj a bătut recordul de spectatori în acest an',
      category: 'Cultură',
      imageUrl: image(5),
    },
  ],
  evz: [
    {
      url: 'https://www.evz.ro/canicula-bucuresti-sfaturi',
      title: 'Caniculă în București: sfaturile medicilor pentru zilele toride',
      category: 'Actualitate',
      imageUrl: image(6),
    },
  ],
};

export const outletOf = (title: string): string | undefined => {
  for (const [id, list] of Object.entries(HEADLINES))
    if (list.some((h) => h.title === title))
      return id === 'evz' ? 'EVZ' : OUTLETS[id as keyof typeof OUTLETS];
  return undefined;
};

/** Partners, the publisher "evz" (its own outlet is evz) and the headlines above, through the public API. */
export async function seed(ctx: TestContext): Promise<void> {
  const partners: [string, string][] = [...Object.entries(OUTLETS), ['evz', 'EVZ']];
  for (const [id, name] of partners) {
    const key = await createPartner(ctx.app, { id, name, domains: [`${id}.ro`] });
    const headlines = (HEADLINES[id as keyof typeof HEADLINES] ?? []).map((h, i) => ({
      ...h,
      publishedAt: minutesAgo(10 + i * 7),
    }));
    const res = await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines }, key));
    const body = (await res.json()) as { accepted: number };
    if (body.accepted !== headlines.length) throw new Error(`seed ${id}: ${JSON.stringify(body)}`);
  }
  const res = await ctx.app.request(
    '/v1/admin/publishers/evz',
    jsonRequest(
      'PUT',
      { name: 'Evenimentul Zilei', partnerId: 'evz', title: 'Citește și, de la parteneri' },
      ADMIN_TOKEN,
    ),
  );
  if (res.status !== 200) throw new Error(`publisher: ${res.status}`);
}
