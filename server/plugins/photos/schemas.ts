import { Type, type Static } from '@sinclair/typebox'

export const PhotoId = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the SHA-256 (hex) of the stored JPEG' })

/** Photo ids on a report or an action (uploaded first to POST /api/photos). */
export const PhotoIds = Type.Array(PhotoId, { maxItems: 6, uniqueItems: true })

export const PhotoParams = Type.Object({ id: PhotoId })
export const PhotoQuery = Type.Object({ size: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('thumb')])) }, { additionalProperties: false })

/** POST /api/photos: the stored photo (web/src/api/case-types.ts CasePhoto). */
export const CasePhoto = Type.Object({
  id: Type.String(),
  url: Type.String(),
  thumbUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  size: Type.Integer(),
})
export type CasePhotoT = Static<typeof CasePhoto>

/** GET /api/photos/:id: the JPEG itself (a Buffer is sent as it is, never serialised). */
export const JpegBytes = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/jpeg' })
