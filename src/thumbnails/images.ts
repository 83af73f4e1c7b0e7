// Turns one untrusted partner image into the card's thumbnails: 16:9 cover crops, WebP and JPEG, no metadata.
import type { Metadata, OutputInfo } from 'sharp';
import { THUMBNAIL_WIDTHS, type ThumbnailFormat, type ThumbnailWidth } from '../shared/limits.js';

/** Decoded pixels beyond this are a decompression bomb, whatever the file size. */
export const MAX_INPUT_PIXELS = 40_000_000;
const QUALITY = 75;
const RENDER_TIMEOUT_SECONDS = 10;

/** Content types accepted from partners' servers; the decoded format is checked again below. */
export const IMAGE_CONTENT_TYPES = new Set([
  'image/jpeg',
  'image/jpg',
  'image/pjpeg',
  'image/png',
  'image/webp',
  'image/avif',
  'image/gif',
]);

/** An image that will not be made into thumbnails; `message` is safe to log and to show. */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
}

/**
 * sharp (libvips), loaded at the first image: an instance that makes no thumbnails never holds it, and a
 * start-up does not wait for it. Every source image is new: libvips' operation cache would only hold memory.
 */
type Sharp = typeof import('sharp').default;
let loaded: Promise<Sharp> | undefined;
function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

export const variantName = (sourceHash: string, width: ThumbnailWidth, format: ThumbnailFormat): string =>
  `${sourceHash}:${width}.${format}`;

/**
 * Every variant of one source, decoded once: the first frame only (animations and multi-page files give their
 * first page), oriented by EXIF, cropped to 16:9, flattened on white, sRGB. The encoders write no EXIF, ICC or XMP.
 */
export async function makeThumbnails(
  input: Buffer,
): Promise<Map<`${ThumbnailWidth}.${ThumbnailFormat}`, Buffer>> {
  const sharp = await loadSharp();
  const open = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
  let meta: Metadata;
  try {
    // The header only: the pixel limit is checked below, with a clearer reason than sharp's.
    meta = await sharp(input, { limitInputPixels: false, pages: 1 }).metadata();
  } catch {
    throw new ImageRejectedError('not a readable image');
  }
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  if (!['jpeg', 'png', 'webp', 'gif', 'avif'].includes(format ?? '')) {
    throw new ImageRejectedError(`images in ${format ?? 'an unknown'} format are not accepted`);
  }
  const { width = 0, height = 0 } = meta;
  if (width < 1 || height < 1) throw new ImageRejectedError('the image has no size');
  if (width * height > MAX_INPUT_PIXELS) {
    throw new ImageRejectedError(`${width}×${height} is more than ${MAX_INPUT_PIXELS} pixels`);
  }

  const largest = THUMBNAIL_WIDTHS[THUMBNAIL_WIDTHS.length - 1] ?? 480;
  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await open()
      .autoOrient()
      .resize(largest, heightOf(largest), { fit: 'cover' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .timeout({ seconds: RENDER_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRejectedError('the image could not be decoded');
  }
  const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels };
  const out = new Map<`${ThumbnailWidth}.${ThumbnailFormat}`, Buffer>();
  await Promise.all(
    THUMBNAIL_WIDTHS.flatMap((w) => {
      const sized = () => sharp(base.data, { raw }).resize(w, heightOf(w), { fit: 'cover' });
      return [
        sized()
          .webp({ quality: QUALITY, effort: 4 })
          .toBuffer()
          .then((b) => void out.set(`${w}.webp`, b)),
        sized()
          .jpeg({ quality: QUALITY, mozjpeg: true })
          .toBuffer()
          .then((b) => void out.set(`${w}.jpeg`, b)),
      ];
    }),
  );
  return out;
}

const heightOf = (width: number) => Math.round((width * 9) / 16);
