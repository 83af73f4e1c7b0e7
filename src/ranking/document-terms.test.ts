import { describe, expect, it } from 'vitest';
import { DocumentTerms } from './document-terms.js';
import { headline } from './test-fixtures.js';
import { terms as dictionary } from './text.js';
import { Vocabulary } from './vocabulary.js';

describe('DocumentTerms', () => {
  const vocabulary = new Vocabulary();
  const doc = new DocumentTerms(vocabulary);
  const id = (word: string) => vocabulary.knownId(dictionary.numberOf(word));

  it('gives the unique term ids of a headline, ascending, with the fields each is in', () => {
    const h = headline('digi24', 'Guvernul aprobă bugetul', {
      tags: ['buget'],
      summary: 'Guvernul a aprobat bugetul pe anul viitor, anunță premierul',
      category: 'Politică',
    });
    const terms = [...doc.analyze(h)];
    expect(terms).toEqual([...new Set(terms)].sort((a, b) => a - b));
    expect(doc.mask(id('bugetul'))).toBe(1 | 2 | 4);
    expect(doc.mask(id('premierul'))).toBe(4);
    expect(doc.mask(id('politica'))).toBe(8);
    // Terms per field: title 3, tags 1, summary 7 (stop words left out), category 1.
    expect(doc.lens).toEqual([3, 1, 7, 1]);
  });

  it('weighs field frequencies by the field norms and saturates repeats', () => {
    const norms = [3, 2, 1, 1.5];
    doc.analyze(headline('a', 'Vaccin', { summary: 'vaccin vaccin' }));
    expect(doc.weightedTf(id('vaccin'), norms)).toBe(3 + 2);
    doc.analyze(headline('a', 'Vaccin', { summary: Array(40).fill('vaccin').join(' ') }));
    expect(doc.weightedTf(id('vaccin'), norms)).toBe(3 + 15);
    // Scratch is per document: the previous document's counts are gone.
    doc.analyze(headline('a', 'Vaccin nou'));
    expect(doc.weightedTf(id('vaccin'), norms)).toBe(3);
    expect(doc.mask(id('vaccin'))).toBe(1);
  });
});
