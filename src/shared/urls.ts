// Canonical URLs and domain ownership: one headline per canonical URL, only on the partner's own domains.

const TRACKING_PARAMS = /^(utm_[a-z0-9_]*|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga)$/i;

/** Parses an http(s) URL, or returns undefined. */
export function parseHttpUrl(raw: string): URL | undefined {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.hostname || url.username || url.password) return undefined;
  return url;
}

/**
 * Lower-case scheme and host (WHATWG URL does both), no fragment, no tracking parameters,
 * default port dropped; path and remaining query kept exactly.
 */
export function canonicalUrl(raw: string): string | undefined {
  const url = parseHttpUrl(raw.trim());
  if (!url) return undefined;
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  }
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  const out = url.toString();
  // An emptied query leaves a bare "?": drop it.
  return out.endsWith('?') ? out.slice(0, -1) : out;
}

/** A bare domain as partners declare it: "digi24.ro", lower-case, no scheme, no port. */
export const DOMAIN_PATTERN =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** True when host is one of the domains or a subdomain of one. */
export function hostOwnedBy(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}
