import { describe, expect, it } from 'vitest';
import { ingest } from './stages.js';
import { economySections, headline, nth, stagesOf, termIdsOf, worldSections } from './test-fixtures.js';
import { alignMutualBest, evidenceLift, GUESSED_LABEL_NEAR, LABEL_TRUST, twoStepWalk } from './topics.js';

const world = worldSections;
const sport = [
  headline('digi24', 'FCSB câștigă derbiul cu Rapid după un gol în prelungiri', {
    category: 'Stiri / Sport',
  }),
  headline('digi24', 'Simona Halep revine pe teren la Cluj', { category: 'Stiri / Sport' }),
  headline('gsp', 'Naționala de handbal s-a calificat la Mondial', { category: 'Sport' }),
  headline('gsp', 'Campionul olimpic la canotaj se retrage', { category: 'Sport' }),
];
const economy = economySections;

describe('category names', () => {
  const s = stagesOf([...world, ...sport, ...economy]);
  const model = s.topics.model;
  model.refresh(true);
  const id = (key: string) => model.categoryId(key) ?? -1;

  it('weigh a stem by how rare it is among the names: a shared structural word aligns little', () => {
    expect(model.similarity(id('stiri externe'), id('externe'))).toBeGreaterThan(
      model.similarity(id('stiri externe'), id('stiri sport')),
    );
    expect(model.similarity(id('stiri externe'), id('stiri sport'))).toBeLessThan(0.3);
  });

  it('lend a new, renamed or split section the label of the closest active category', () => {
    expect(model.closestByName('stiri externe asia')?.id).toBe(id('stiri externe'));
    expect(model.closestByName('sport international')?.id).toBe(id('sport'));
    expect(model.closestByName('horoscop')).toBeUndefined();
  });

  it('find the category a distribution’s neighbourhood gathers in, not its single largest entry', () => {
    const dist = { ids: [id('stiri economie'), id('economie'), id('externe')], p: [0.3, 0.3, 0.4] };
    const best = model.closestCategory(dist);
    expect([id('stiri economie'), id('economie')]).toContain(best?.id);
    expect(best?.closeness).toBeGreaterThan(0.4);
    expect(best?.closeness).toBeLessThanOrEqual(1);
    expect(model.closestCategory({ ids: [], p: [] })).toBeUndefined();
  });

  it('tell how much a word marks one topic: used by one topic’s sections, or by every section', () => {
    const term = (text: string) => termIdsOf(s, text)[0] ?? -1;
    // "anunță" in a world section and in an economy one; "Bruxelles" in a world section only.
    const spread = model.concentration(term('anunță'));
    const world = model.concentration(term('Bruxelles'));
    expect(world).toBeGreaterThan(spread + 0.3);
    expect(world).toBeLessThanOrEqual(1);
    expect(model.concentration(term('zzzz'))).toBe(0);
  });

  /** Economy words to ask with under a world section: "the euro and the budget" in a story from abroad. */
  const economyWords = () => {
    const f = { ids: [] as number[], weights: [] as number[], start: 0, end: 0 };
    for (const h of economy.slice(0, 2))
      for (const t of s.arena.titleIds(s.table.slotOf(h.id) ?? 0)) {
        f.ids.push(t);
        f.weights.push(2);
      }
    f.end = f.ids.length;
    return f;
  };

  it('let a topical label outweigh words that point at an unrelated topic, for a query', () => {
    const f = economyWords();
    const label = id('externe');
    const mass = (trust: number) => {
      let world = 0;
      model.predictEach(
        f,
        label,
        0.3,
        (c, p) => {
          if (c === label) world += p;
        },
        -1,
        trust,
      );
      return world;
    };
    expect(mass(0.5)).toBeGreaterThan(mass(0) + 0.1);
    expect(mass(LABEL_TRUST)).toBeGreaterThan(mass(0.5));
    // The query path (predict) trusts the label; a document's own distribution does not.
    const q = model.predict(f, label, 0.3);
    const world = q.ids.reduce((sum, c, i) => sum + (c === label ? (q.p[i] ?? 0) : 0), 0);
    expect(world).toBeCloseTo(mass(LABEL_TRUST), 6);
  });

  it('leave a query under a topical section no mass on topics unrelated to it, only what its catch-all-ness keeps', () => {
    const f = economyWords();
    const label = id('externe');
    expect(model.genericness(label)).toBe(0);
    const q = model.predict(f, label, 0.3);
    const unrelated = q.ids.reduce(
      (sum, c, i) => sum + (c !== label && model.similarity(label, c) < 0.2 ? (q.p[i] ?? 0) : 0),
      0,
    );
    expect(unrelated).toBe(0);
    expect(q.p.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.95);
  });

  it('keep the words’ mass only on what is clearly a sent label’s topic, on more around a guessed one', () => {
    const f = economyWords();
    const label = id('externe');
    const at = (near: number) => {
      const q = model.predict(f, label, 0.3, -1, near);
      const own = q.ids.reduce((sum, c, i) => sum + (c === label ? (q.p[i] ?? 0) : 0), 0);
      const outside = q.ids.reduce(
        (sum, c, i) => sum + (c !== label && model.similarity(label, c) < near ? (q.p[i] ?? 0) : 0),
        0,
      );
      return { own, outside };
    };
    const sent = at(0.4);
    const guessed = at(GUESSED_LABEL_NEAR);
    const alone = at(1.01);
    expect(sent.outside).toBe(0);
    expect(guessed.outside).toBe(0);
    // The narrower the neighbourhood, the more of the words' mass the label itself takes.
    expect(alone.own).toBeGreaterThanOrEqual(sent.own);
    expect(sent.own).toBeGreaterThanOrEqual(guessed.own);
    expect(alone.own).toBeGreaterThan(guessed.own);
  });
});

describe('a prediction', () => {
  it('reads the counts as they are, however many predictions came before a change', () => {
    const items = [...world, ...sport, ...economy];
    const built = () => {
      const s = stagesOf(items);
      const slot = s.table.slotOf(nth(economy, 0).id) ?? 0;
      return { model: s.topics.model, f: s.arena.features(slot), c: s.topics.cat[slot] ?? 0 };
    };
    // One model predicts, then its counts change; the other learns the same counts before it predicts at
    // all (a text-only prediction depends on the counts and the active categories, the same in both).
    const asked = built();
    asked.model.refresh(true);
    const before = asked.model.predict(asked.f);
    asked.model.add(asked.c, asked.f);
    const fresh = built();
    fresh.model.add(fresh.c, fresh.f);
    fresh.model.refresh(true);
    expect(asked.model.predict(asked.f)).toEqual(fresh.model.predict(fresh.f));
    expect(asked.model.predict(asked.f)).not.toEqual(before);
  });
});

describe('a query’s label', () => {
  // One outlet's "Externe" and another's "Extern": one topic, named alike.
  const s = stagesOf([
    ...worldSections.filter((h) => h.category === 'Externe'),
    headline('adevarul', 'Alegeri prezidențiale în Franța, primul tur', { category: 'Extern' }),
    headline('adevarul', 'Ucraina primește un nou pachet de ajutor militar', { category: 'Extern' }),
    headline('adevarul', 'Parlamentul European votează bugetul Uniunii', { category: 'Extern' }),
    ...sport,
    ...economy,
  ]);
  const model = s.topics.model;
  model.refresh(true);
  const id = (key: string) => model.categoryId(key) ?? -1;

  it('shares part of its mass with a clearly matching section of another outlet', () => {
    const label = id('externe');
    const near = id('extern');
    expect(model.similarity(label, near)).toBeGreaterThanOrEqual(0.7);
    const f = {
      ids: s.arena.titleIds(s.table.slotOf(nth(economy, 0).id) ?? 0),
      weights: [] as number[],
      start: 0,
      end: 0,
    };
    f.weights = Array.from(f.ids, () => 2);
    f.end = f.ids.length;
    const massOf = (c: number, ids: readonly number[], p: readonly number[]) =>
      ids.reduce((sum, x, i) => sum + (x === c ? (p[i] ?? 0) : 0), 0);
    // Without the share (the trusted label alone, as predictEach gives it) and with it (predict).
    const alone = { ids: [] as number[], p: [] as number[] };
    model.predictEach(
      f,
      label,
      0.4,
      (c, p) => {
        alone.ids.push(c);
        alone.p.push(p);
      },
      -1,
      LABEL_TRUST,
    );
    const shared = model.predict(f, label, 0.4);
    const labelMass = massOf(label, alone.ids, alone.p);
    expect(massOf(near, shared.ids, shared.p)).toBeGreaterThan(
      massOf(near, alone.ids, alone.p) + 0.2 * labelMass,
    );
    expect(massOf(label, shared.ids, shared.p)).toBeLessThan(labelMass);
    // Mass moves; none is made or lost.
    expect(shared.p.reduce((a, b) => a + b, 0)).toBeCloseTo(
      alone.p.reduce((a, b) => a + b, 0),
      6,
    );
  });
});

describe('a category that grows active after a refresh', () => {
  const tennis = [
    headline('prosport', 'Simona Halep câștigă turneul de la Cluj', { category: 'Tenis' }),
    headline('prosport', 'Halep urcă în clasamentul WTA după finala de la Cluj', { category: 'Tenis' }),
  ];
  const s = stagesOf([...world, ...sport, ...economy, nth(tennis, 0)]);
  const model = s.topics.model;
  model.refresh(true);
  const tenis = model.categoryId('tenis') ?? -1;
  ingest(s, nth(tennis, 1));
  const features = () => s.arena.features(s.table.slotOf(nth(tennis, 1).id) ?? 0);
  const total = (d: { p: number[] }) => d.p.reduce((a, b) => a + b, 0);

  it('is no label until the model has learned it, so a prediction loses none of its mass', () => {
    expect(model.stale).toBe(true);
    expect(model.isActive(tenis)).toBe(false);
    expect(total(model.predict(features(), tenis, 0.5))).toBeGreaterThan(0.95);
  });

  it('is learned at the next refresh and then carries its label’s mass', () => {
    model.refresh();
    expect(model.stale).toBe(false);
    expect(model.isActive(tenis)).toBe(true);
    const d = model.predict(features(), tenis, 0.5);
    expect(d.ids.reduce((sum, c, i) => sum + (c === tenis ? (d.p[i] ?? 0) : 0), 0)).toBeGreaterThan(0.5);
  });
});

describe('cross-outlet section alignment', () => {
  // Two outlets of five sections each: positions 0–4 are outlet 0's, 5–9 outlet 1's.
  const n = 10;
  const owner = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const matrix = (pairs: Array<[number, number, number]>) => {
    const sim = new Float64Array(n * n).fill(0.05);
    for (let i = 0; i < n; i++) sim[i * n + i] = 1;
    for (const [i, j, v] of pairs) {
      sim[i * n + j] = v;
      sim[j * n + i] = v;
    }
    return sim;
  };
  const at = (sim: Float64Array, i: number, j: number) => sim[i * n + j] ?? 0;

  it('raises two sections that are each other’s closest in the other outlet to one topic', () => {
    const sim = matrix([
      [0, 5, 0.4], // each other's best: raised
      [1, 6, 0.35], // 6's best in outlet 0 is 2, not 1: kept
      [2, 6, 0.5], // raised
      [3, 7, 0.2], // too weak to say: kept
      [4, 8, 0.9], // already one topic: kept
      [0, 1, 0.5], // one outlet's own sections: never aligned
    ]);
    expect(alignMutualBest(sim, n, owner, 0.3, 0.7, 5)).toBe(2);
    expect(at(sim, 0, 5)).toBe(0.7);
    expect(at(sim, 5, 0)).toBe(0.7);
    expect(at(sim, 2, 6)).toBe(0.7);
    expect(at(sim, 1, 6)).toBe(0.35);
    expect(at(sim, 3, 7)).toBe(0.2);
    expect(at(sim, 4, 8)).toBe(0.9);
    expect(at(sim, 0, 1)).toBe(0.5);
  });

  it('aligns nothing for an outlet with too few sections to have had a choice, or a shared section', () => {
    const sim = matrix([[0, 5, 0.4]]);
    expect(alignMutualBest(sim, n, owner, 0.3, 0.7, 6)).toBe(0);
    expect(at(sim, 0, 5)).toBe(0.4);
    const shared = [-1, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    expect(alignMutualBest(sim, n, shared, 0.3, 0.7, 4)).toBe(0);
    expect(at(sim, 0, 5)).toBe(0.4);
  });
});

describe('learned category similarity', () => {
  it('counts a lift in documents: the same swap says less from two documents than from forty', () => {
    const swap = (docs: number) =>
      evidenceLift({ rate: 0.3, docs, average: 0.02 }, { rate: 0.01, docs: 40, average: 0.02 });
    expect(swap(40)).toBe(1);
    expect(swap(2)).toBeLessThan(swap(10));
    expect(swap(10)).toBeLessThan(swap(40));
    // As often as average, or less: no similarity at all, however many documents.
    expect(
      evidenceLift({ rate: 0.02, docs: 40, average: 0.02 }, { rate: 0.01, docs: 40, average: 0.02 }),
    ).toBe(0);
  });

  it('links two sections of one topic through a third in two steps, where they never swap directly', () => {
    // a ↔ b and b ↔ c swap documents; a and c never do, and d keeps to itself.
    const n = 4;
    const confusion = Float64Array.from(
      [
        [0.6, 0.4, 0, 0],
        [0.3, 0.4, 0.3, 0],
        [0, 0.4, 0.6, 0],
        [0, 0, 0, 1],
      ].flat(),
    );
    const walk = twoStepWalk(confusion, n);
    const at = (i: number, j: number) => walk[i * n + j] ?? 0;
    expect(at(0, 2)).toBeGreaterThan(0.1);
    expect(at(2, 0)).toBeGreaterThan(0.1);
    expect(at(0, 3)).toBe(0);
    expect(at(3, 3)).toBe(1);
    // Each row stays a distribution: where a category's documents go after two steps.
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += at(i, j);
      expect(sum).toBeCloseTo(1, 9);
    }
  });

  it('walks only the largest entries of each row when there are many categories', () => {
    const n = 200;
    const confusion = new Float64Array(n * n).fill(1 / n);
    const walk = twoStepWalk(confusion, n);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += walk[j] ?? 0;
    // Rows cut to their largest entries keep what those carry, renormalised per row before the cut.
    expect(sum).toBeLessThan(1);
    expect(sum).toBeGreaterThan(0);
  });
});
