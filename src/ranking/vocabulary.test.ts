import { describe, expect, it } from 'vitest';
import { terms as dictionary, Shape } from './text.js';
import { Vocabulary } from './vocabulary.js';

const number = (word: string) => dictionary.numberOf(word);

describe('Vocabulary', () => {
  it('gives each dictionary term one id, and knows only the terms it was given', () => {
    const v = new Vocabulary();
    const a = v.localId(number('guvernul'));
    expect(v.localId(number('guvernului'))).toBe(a);
    expect(v.knownId(number('guvern'))).toBe(a);
    expect(v.knownId(number('parlamentul'))).toBe(-1);
    expect(v.size).toBe(1);
    v.clear();
    expect(v.knownId(number('guvernul'))).toBe(-1);
  });

  it('tells names from common words by how the stream writes them', () => {
    const v = new Vocabulary();
    const name = v.localId(number('iohannis'));
    const word = v.localId(number('buget'));
    v.noteShape(name, Shape.Capital);
    v.noteShape(name, Shape.Capital);
    v.noteShape(name, Shape.Lower);
    v.noteShape(word, Shape.Capital);
    v.noteShape(word, Shape.Lower);
    v.noteShape(word, Shape.Initial);
    expect(v.isName(name)).toBe(true);
    expect(v.isName(word)).toBe(false);
  });

  it('finds live stems sharing a long prefix with an unknown one', () => {
    const v = new Vocabulary();
    const id = v.localId(number('autostrada'));
    const stem = dictionary.names[number('autostrada')] ?? '';
    // Not live yet: no headline has it.
    expect(v.prefixNeighbours(`${stem}xyz`)).toEqual([]);
    v.postings.ensure(id + 1);
    v.postings.add(id, 0, 0.5);
    expect(v.prefixNeighbours(`${stem}xyz`)).toEqual([id]);
    expect(v.prefixNeighbours('auto')).toEqual([]);
    expect(v.prefixNeighbours('autobuz')).toEqual([]);
  });
});
