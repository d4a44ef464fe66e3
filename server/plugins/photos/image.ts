import { createHash } from 'node:crypto'
import sharp from 'sharp'

/** The Content-Types an upload may declare, by what sharp reports the decoded bytes to be. */
export const PHOTO_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  // sharp's own libvips decodes HEIF with AV1 (AVIF); an iPhone's HEVC photo it cannot, and says so (400).
  'image/heic': 'heif',
  'image/heif': 'heif',
  'image/avif': 'heif',
}
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024
export const FULL_PX = 1600
export const THUMB_PX = 320
/** A 10 MB file can still claim a huge canvas (a decompression bomb); phones stay far below this. */
const MAX_INPUT_PIXELS = 120_000_000

export interface PreparedPhoto {
  id: string
  full: Buffer
  thumb: Buffer
  width: number
  height: number
}

export class PhotoError extends Error {
  constructor(
    readonly kind: 'type' | 'unreadable',
    message: string,
  ) {
    super(message)
  }
}

/**
 * Turn an uploaded image into what is stored: upright (EXIF orientation applied), inside 1600×1600
 * without enlarging, JPEG with no metadata at all (sharp writes none unless asked), and a 320 px
 * thumbnail. The bytes must decode as the declared family of formats (so an SVG or a TIFF sent as
 * image/jpeg is refused, not rendered).
 */
export async function preparePhoto(input: Buffer, declaredType: string): Promise<PreparedPhoto> {
  const expected = PHOTO_TYPES[declaredType]
  if (!expected) throw new PhotoError('type', `photos must be ${Object.keys(PHOTO_TYPES).join(', ')} (got ${declaredType || 'no type'})`)
  const open = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
  let format: string | undefined
  try {
    format = (await open().metadata()).format
  } catch (err) {
    throw new PhotoError('unreadable', `the photo cannot be read as an image: ${(err as Error).message}`)
  }
  if (format !== expected) throw new PhotoError('type', `the photo is ${format ?? 'of an unknown format'}, not ${declaredType}`)
  try {
    const { data: full, info } = await open()
      .rotate()
      .resize(FULL_PX, FULL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    const thumb = await sharp(full).resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75, mozjpeg: true }).toBuffer()
    return { id: createHash('sha256').update(full).digest('hex'), full, thumb, width: info.width, height: info.height }
  } catch (err) {
    throw new PhotoError('unreadable', `the photo cannot be decoded: ${(err as Error).message}`)
  }
}
