import { describe, expect, it } from 'vitest';
import { seeded } from './test-fixtures.js';
import {
  analyze,
  foldDiacritics,
  foldKey,
  forEachTerm,
  isStopword,
  MAX_WORD,
  normalizeText,
  TermDictionary,
  tokenize,
} from './text.js';

describe('Romanian text pipeline', () => {
  it('normalises to NFC and spells cedilla ş/ţ as comma ș/ț', () => {
    expect(normalizeText('s\u0326i')).toBe('și');
    expect(normalizeText('ŞTIRI ţară')).toBe('știri țară');
    expect(analyze('relaţiile')).toEqual(analyze('relațiile'));
    expect(analyze('relaţiile')[0]).not.toBe('rel');
  });

  it('matches text without diacritics to text with them', () => {
    expect(analyze('masinile electrice')).toEqual(analyze('mașinile electrice'));
    expect(analyze('masini')).toEqual(analyze('mașini'));
    expect(analyze('garantie')).toEqual(analyze('garanție'));
    expect(foldDiacritics('Ăîâșț')).toBe('Aiast');
  });

  it('brings inflected forms together', () => {
    const [rusia] = analyze('Rusia');
    expect(analyze('Rusiei')).toEqual([rusia]);
    expect(analyze('rusești')).toEqual([rusia]);
    expect(analyze('garanțiilor')).toEqual(analyze('garanție'));
    expect(analyze('Guvernului')).toEqual(analyze('guvernul'));
  });

  it('drops stop words with and without diacritics, in both spellings', () => {
    for (const w of [
      'și',
      'si',
      'şi',
      'să',
      'sa',
      'în',
      'in',
      'că',
      'această',
      'aceasta',
      'într',
      'după',
      'pentru',
    ]) {
      expect(isStopword(normalizeText(w)), w).toBe(true);
    }
    expect(analyze('și să în că această')).toEqual([]);
    expect(isStopword('putin')).toBe(false);
    expect(analyze('Putin')).toHaveLength(1);
  });

  it('handles punctuation, quotes and numbers', () => {
    expect(tokenize('„Nu” «drag» ”prietenul” 14.000.000 de euro, 2026!')).toEqual([
      'nu',
      'drag',
      'prietenul',
      'de',
      'euro',
    ]);
    expect(tokenize('rețeaua 5G')).toEqual(['rețeaua', '5g']);
  });

  it('splits hyphenated words and drops clitic parts', () => {
    expect(tokenize('ruso-chinez')).toEqual(['ruso', 'chinez']);
    expect(analyze('într-o zi s-a întâlnit')).toEqual(analyze('zi întâlnit'));
    expect(analyze('parteneriatul ruso-chinez')).toHaveLength(3);
  });

  it('folds labels for case- and diacritics-insensitive comparison', () => {
    expect(foldKey('Știri')).toBe('stiri');
    expect(foldKey('ştiri')).toBe('stiri');
    expect(foldKey(' STIRI ')).toBe('stiri');
    expect(foldKey('Actualitate politică')).toBe(foldKey('actualitate  politica'));
  });

  it('the term dictionary finds the terms of analyze() straight from the characters', () => {
    const dict = new TermDictionary(20);
    const texts = [
      'Ministrul Finanţelor a anunţat: „Creşterea TVA-ului” vine în 2026, după 14.000 de consultări!',
      'Rusia, Rusiei și rusești: Ucrainei i-a fost garanție; masinile electrice',
      'Ştiri ŞI ţară — 5G, Ελλάδα, e\u0301lan, 😀 emoji, ²³ x',
    ];
    // Several passes: the second finds the forms, the last runs past maxForms (a new generation).
    for (let pass = 0; pass < 3; pass++) {
      for (const text of texts) {
        const found: string[] = [];
        dict.scan(text, (n) => {
          found.push(dict.names[n] ?? '?');
        });
        expect(found).toEqual(analyze(text));
      }
    }
    expect(dict.generation).toBeGreaterThan(0);
  });

  it('scanKnown finds the known forms and hands the rest over without adding them', () => {
    const dict = new TermDictionary();
    const known: number[] = [];
    dict.scan('Guvernul a aprobat bugetul', (n) => known.push(n));
    const forms = dict.forms;
    const found: number[] = [];
    const unseen: string[] = [];
    dict.scanKnown(
      'Bugetul guvernului, aprobat',
      (n) => found.push(n),
      (t) => unseen.push(t),
    );
    expect(found).toEqual([known[2], known[1]]);
    expect(unseen).toEqual(['guvernului']);
    expect(dict.forms).toBe(forms);
    dict.scanKnown(
      'Ştiri ﬁnanciare: Guvernului',
      (n) => found.push(n),
      (t) => unseen.push(t),
    );
    expect(dict.forms).toBe(forms);
  });

  it('the dictionary scan gives the terms and shapes of forEachTerm on any text', () => {
    // Characters of every kind the fast path must treat as the general one does: Latin blocks in both
    // cases, cedillas, letters whose lower case is longer (İ) or outside the blocks (Ⱥ), digits and
    // number-like letters (², ª), spaces, punctuation the fast path keeps, and text beyond it.
    const pool = [
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
      ...'ăâîșțĂÂÎȘȚşţŞŢéÉöÖßÿŸĳĲǅǈȺȾİıµªº²³¹¼×÷',
      ...'     \t\n.,;:!?-–—„”“"\'()[]|…€‰',
      ...'\u00a0\u2009\u200b\u2028',
      'Ελ',
      'е',
      'e\u0301',
      '😀',
      'ﬁ',
    ];
    const random = seeded(5);
    const dict = new TermDictionary();
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 40);
      // Mostly text of the fast path; one in four with a character beyond it.
      const picks = n % 4 === 0 ? pool.length : pool.length - 5;
      for (let i = 0; i < length; i++) text += pool[Math.floor(random() * picks)] ?? ' ';
      const want: string[] = [];
      forEachTerm(text, (term, shape) => want.push(`${term}/${shape}`));
      const got: string[] = [];
      dict.scan(text, (k, shape) => got.push(`${dict.names[k] ?? '?'}/${shape}`));
      expect(got, JSON.stringify(text)).toEqual(want);
      const known: string[] = [];
      const unseen: string[] = [];
      dict.scanKnown(
        text,
        (k, shape) => known.push(`${dict.names[k] ?? '?'}/${shape}`),
        (t) => unseen.push(t),
      );
      expect([known, unseen], JSON.stringify(text)).toEqual([want, []]);
    }
  });

  it('skips runs of letters longer than a word', () => {
    const long = 'a'.repeat(MAX_WORD + 1);
    expect(tokenize(`Guvernul ${long} bugetul`)).toEqual(['guvernul', 'bugetul']);
    expect(tokenize('b'.repeat(MAX_WORD))).toHaveLength(1);
    const dict = new TermDictionary();
    dict.scan(`${long} ${long}ă`, () => {});
    expect(dict.forms).toBe(0);
  });
});
