// The embed script's byte budget: it loads on every article page of every publisher.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const BUDGET_GZIP_BYTES = 4096;

describe('dist/embed.js', () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, () => {
    // Built by the tests' global setup (node scripts/build.mjs --browser-only).
    const script = readFileSync(new URL('../dist/embed.js', import.meta.url));
    const gzipped = gzipSync(script).length;
    console.info(`dist/embed.js: ${script.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('is one self-contained IIFE that defines no global but window.citesteSi', () => {
    const script = readFileSync(new URL('../dist/embed.js', import.meta.url), 'utf8');
    expect(script).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(script.trimEnd()).toMatch(/\}\)\(\);$/);
    expect(script).not.toMatch(/\bimport\b|\brequire\(/);
    expect(script).not.toMatch(/document\.cookie|\.innerHTML\s*=/);
  });
});
