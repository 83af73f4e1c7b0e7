// What the host page says about its article, read from its tags at the moment a box loads.
export interface Article {
  url: string;
  title: string;
  section: string;
  keywords: string;
}

const content = (selector: string): string => {
  const meta = document.querySelector(selector);
  return (meta?.getAttribute('content') || '').trim();
};

/** Canonical URL, og:title, article:section and keywords, trimmed to what the widget API accepts. */
export function readArticle(): Article {
  const link = document.querySelector<HTMLLinkElement>('link[rel=canonical]');
  return {
    url: (link?.href || location.href.split('#')[0] || '').slice(0, 2048),
    title: (content('meta[property="og:title"]') || document.title).trim().slice(0, 500),
    section: content('meta[property="article:section"]').slice(0, 100),
    // The API takes at most 30 keywords of up to 60 characters.
    keywords: content('meta[name=keywords]')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k && k.length <= 60)
      .slice(0, 30)
      .join(','),
  };
}
