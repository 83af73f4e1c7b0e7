import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the contract defaults and the embedded store without REDIS_URL', () => {
    const c = loadConfig({}, () => 'generated-secret-value');
    expect(c).toMatchObject({
      port: 8787,
      host: '0.0.0.0',
      redis: { kind: 'memory' },
      redisPrefix: 'cs:',
      headlineTtlHours: 72,
      logLevel: 'info',
      demoData: true,
      adminToken: 'generated-secret-value',
      adminTokenGenerated: true,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses Redis, turns demo data off by default, and prefers a cluster', () => {
    expect(loadConfig({ REDIS_URL: 'redis://r:6379' })).toMatchObject({
      redis: { kind: 'single' },
      demoData: false,
    });
    expect(loadConfig({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'a:7000,b:7001' }).redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
    });
    expect(loadConfig({ REDIS_URL: 'redis://r', DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it('stops on a bad value with a message naming every bad variable', () => {
    const bad = () =>
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://x', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PORT[\s\S]*REDIS_URL[\s\S]*ADMIN_TOKEN[\s\S]*LOG_LEVEL|PORT/);
    try {
      bad();
    } catch (err) {
      const message = String(err);
      for (const name of ['PORT', 'REDIS_URL', 'LOG_LEVEL', 'ADMIN_TOKEN']) expect(message).toContain(name);
    }
  });

  it('parses per-category half-lives', () => {
    expect(loadConfig({ CATEGORY_HALF_LIFE_HOURS: 'sport=6,știință=120' }).categoryHalfLifeHours).toEqual({
      sport: 6,
      știință: 120,
    });
    expect(() => loadConfig({ CATEGORY_HALF_LIFE_HOURS: 'sport' })).toThrow(ConfigError);
  });
});
