// URL helpers of the index: the comparison key of an article URL and the words of its slug.

const CANONICAL_URL =
  /^https?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[A-Za-z0-9_~!$&'()*+,;=:@%-]+(?:\.[A-Za-z0-9_~!$&'()*+,;=:@%-]+)*)+$/;

/** Comparison key of a canonical URL: lower-case scheme and host, no fragment, no trailing slash. */
export function urlKey(url: string): string {
  // Already canonical (lower-case host, plain path, no query, fragment, port or trailing slash): as is.
  if (CANONICAL_URL.test(url)) return url;
  try {
    const u = new URL(url.trim());
    u.hash = '';
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
    return `${u.protocol}//${u.host.toLowerCase()}${path}${u.search}`;
  } catch {
    return url.trim();
  }
}

/** The words of a URL's path: "/sport/fcsb-castiga-derby-123.html" → "sport fcsb castiga derby 123". */
export function slugText(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return '';
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // Kept as sent.
  }
  return path.replace(/\.(?:s?html?|php|aspx?|amp)$/i, '').replace(/[-_/.+]+/g, ' ');
}
