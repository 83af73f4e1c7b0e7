// Size limits of what partners send and what the service serves: one place, read by validation, feeds and docs.

/** Per-headline and per-push caps on pushed and polled headlines. */
export const LIMITS = {
  batch: 500,
  url: 2048,
  title: 300,
  summary: 1000,
  category: 60,
  tag: 50,
  tags: 20,
  /** How far in the future a publishedAt may be (clock skew, embargoes). */
  futureSkewMs: 60 * 60 * 1000,
} as const;

/** Card thumbnail widths (px) and encodings the thumbnail route serves. */
export const THUMBNAIL_WIDTHS = [160, 320, 480] as const;
export type ThumbnailWidth = (typeof THUMBNAIL_WIDTHS)[number];
export const THUMBNAIL_FORMATS = ['webp', 'jpeg'] as const;
export type ThumbnailFormat = (typeof THUMBNAIL_FORMATS)[number];
