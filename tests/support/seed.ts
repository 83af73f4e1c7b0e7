// A small exchange for widget tests: partners, a publisher and Romanian headlines across topics.
import { ADMIN_TOKEN, createPartner, jsonRequest, type TestContext } from './harness.js';

export const OUTLETS = ['digi24', 'mediafax', 'prosport', 'gsp', 'hotnews', 'adevarul', 'evz'] as const;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export const HEADLINES: Record<
  string,
  { url: string; title: string; category: string; publishedAt: string }[]
> = {
  digi24: [
    {
      url: 'https://www.digi24.ro/stiri/externe/putin-xi-garantii-securitate-1',
      title: 'Putin și Xi Jinping discută despre garanțiile de securitate cerute Occidentului',
      category: 'Externe',
      publishedAt: ago(30),
    },
    {
      url: 'https://www.digi24.ro/stiri/externe/nato-rusia-ucraina-2',
      title: 'NATO respinge cererile Rusiei privind extinderea alianței spre est',
      category: 'Externe',
      publishedAt: ago(90),
    },
    {
      url: 'https://www.digi24.ro/stiri/economie/bnr-dobanda-3',
      title: 'BNR menține dobânda de politică monetară la 6,5%',
      category: 'Economie',
      publishedAt: ago(120),
    },
    {
      url: 'https://www.digi24.ro/sport/fotbal/fcsb-4',
      title: 'FCSB a câștigat derbiul cu CFR Cluj și urcă pe primul loc',
      category: 'Sport',
      publishedAt: ago(60),
    },
  ],
  mediafax: [
    {
      url: 'https://www.mediafax.ro/externe/kremlin-china-5',
      title: 'Kremlinul: relațiile dintre Rusia și China au atins un nivel fără precedent',
      category: 'Externe',
      publishedAt: ago(45),
    },
    {
      url: 'https://www.mediafax.ro/externe/biden-putin-6',
      title: 'Casa Albă avertizează Moscova în privința trupelor de la granița cu Ucraina',
      category: 'Externe',
      publishedAt: ago(200),
    },
    {
      url: 'https://www.mediafax.ro/economic/inflatie-7',
      title: 'Inflația a urcat la 8,2% în octombrie, anunță INS',
      category: 'Economic',
      publishedAt: ago(150),
    },
    {
      url: 'https://www.mediafax.ro/economic/buget-16',
      title: 'Deficitul bugetar a depășit 6% din PIB, arată datele Ministerului Finanțelor',
      category: 'Economic',
      publishedAt: ago(160),
    },
  ],
  prosport: [
    {
      url: 'https://www.prosport.ro/fotbal-intern/becali-8',
      title: 'Gigi Becali anunță transferuri noi la FCSB după victoria din derby',
      category: 'Fotbal',
      publishedAt: ago(20),
    },
    {
      url: 'https://www.prosport.ro/tenis/halep-9',
      title: 'Simona Halep revine pe teren la turneul de la Cluj',
      category: 'Tenis',
      publishedAt: ago(300),
    },
  ],
  gsp: [
    {
      url: 'https://www.gsp.ro/fotbal/liga-1/cfr-10',
      title: 'CFR Cluj contestă arbitrajul din meciul cu FCSB',
      category: 'Liga 1',
      publishedAt: ago(40),
    },
    {
      url: 'https://www.gsp.ro/fotbal/nationala-11',
      title: 'Naționala României și-a aflat adversarele din preliminarii',
      category: 'Fotbal',
      publishedAt: ago(500),
    },
  ],
  hotnews: [
    {
      url: 'https://www.hotnews.ro/stiri-international-12',
      title: 'Ucraina cere garanții de securitate înaintea negocierilor cu Rusia',
      category: 'Internațional',
      publishedAt: ago(70),
    },
    {
      url: 'https://www.hotnews.ro/stiri-economie-13',
      title: 'Cursul euro a atins un nou maxim istoric la BNR',
      category: 'Economie',
      publishedAt: ago(80),
    },
    {
      url: 'https://www.hotnews.ro/stiri-economie-17',
      title: 'Economia României a crescut cu 1,2% în trimestrul trei, potrivit INS',
      category: 'Economie',
      publishedAt: ago(180),
    },
  ],
  adevarul: [
    {
      url: 'https://adevarul.ro/sanatate/gripa-14',
      title: 'Epidemie de gripă: spitalele din București suspendă vizitele',
      category: 'Sănătate',
      publishedAt: ago(25),
    },
    {
      url: 'https://adevarul.ro/economie/taxe-18',
      title: 'Ce taxe cresc de la 1 ianuarie: economiștii avertizează asupra inflației',
      category: 'Economie',
      publishedAt: ago(140),
    },
    {
      url: 'https://adevarul.ro/economie/salarii-19',
      title: 'Salariul minim crește din 2027: impactul asupra bugetului și economiei',
      category: 'Economie',
      publishedAt: ago(170),
    },
  ],
  evz: [
    {
      url: 'https://www.evz.ro/putin-xi-videoconferinta-15',
      title:
        'Xi Jinping, „prietenul drag” al lui Putin, sprijină Rusia în obținerea de garanții de securitate',
      category: 'Externe',
      publishedAt: ago(10),
    },
  ],
};

/** Creates every outlet, publisher "evz" (own outlet evz), pushes HEADLINES; returns the partner keys. */
export async function seedExchange(
  ctx: TestContext,
  publisher: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const id of OUTLETS) {
    keys[id] = await createPartner(ctx.app, { id, name: id.toUpperCase(), domains: [`${id}.ro`] });
    const res = await ctx.app.request(
      '/v1/headlines',
      jsonRequest('POST', { headlines: HEADLINES[id] }, keys[id]),
    );
    const body = (await res.json()) as { accepted: number };
    if (body.accepted !== HEADLINES[id]?.length) throw new Error(`seed ${id}: ${JSON.stringify(body)}`);
  }
  const put = await ctx.app.request(
    '/v1/admin/publishers/evz',
    jsonRequest('PUT', { name: 'EVZ', partnerId: 'evz', ...publisher }, ADMIN_TOKEN),
  );
  if (put.status !== 200) throw new Error(`publisher: ${await put.text()}`);
  return keys;
}
