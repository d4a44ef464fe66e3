import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError } from 'fastify'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { HttpError, notFound } from '../../lib/errors.ts'
import { can } from '../../domain/access/policy.ts'
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PhotoError, preparePhoto } from './image.ts'
import { readPhoto, storePhoto } from './queries.ts'
import { CasePhoto, JpegBytes, PhotoParams, PhotoQuery } from './schemas.ts'

const MB = PHOTO_MAX_BYTES / 1024 / 1024
const tooLarge = () => new HttpError(413, 'PHOTO_TOO_LARGE', `照片不能超过 ${MB} MB (a photo may be at most ${MB} MB)`)
const wrongType = (message: string) => new HttpError(415, 'PHOTO_TYPE', `只能上传 JPEG、PNG、WebP 照片 (${message})`)
const unreadable = (message: string) => new HttpError(400, 'PHOTO_UNREADABLE', `照片无法识别 (${message})`)

export const photoUrl = (id: string) => `/api/photos/${id}`
export const thumbUrl = (id: string) => `/api/photos/${id}?size=thumb`

/**
 * Case photos (随手拍): uploaded as the raw image body, stored resized and without EXIF, and shown only
 * to the uploader and to those who may see a case that cites them. Photos can show people, so keys
 * without personal data (a wall display, a GIS tool) never get them.
 */
const photos: FastifyPluginAsyncTypebox = async (app) => {
  // Only in this plugin: the rest of the API takes JSON only. The body limit is the photo limit.
  app.addContentTypeParser(Object.keys(PHOTO_TYPES), { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body))

  // Fastify's own answers for a body too large or of a type no parser takes, in this API's words;
  // everything else goes on to the app's error handler.
  app.setErrorHandler((err: FastifyError, _request, _reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLarge()
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_TYPE') throw wrongType(err.message)
    throw err
  })

  app.post(
    '/api/photos',
    {
      config: { access: ['intake', 'transition'], rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { response: { 200: CasePhoto, 201: CasePhoto, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse } },
      // Before the body is read: nobody without the right uploads 10 MB to be told so afterwards.
      onRequest: async (request) => {
        const principal = await app.auth.fromRequest(request)
        if (!principal) throw new HttpError(401, 'UNAUTHENTICATED', '请先登录 (sign in, or send an API key)')
        if (!can(principal, 'intake') && !can(principal, 'transition')) throw new HttpError(403, 'FORBIDDEN', '无权限: 上传照片需要上报或处置权限 (your role may not upload photos)')
        const length = Number(request.headers['content-length'])
        if (Number.isFinite(length) && length > PHOTO_MAX_BYTES) throw tooLarge()
      },
    },
    async (request, reply) => {
      const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      // Another type (text, JSON) has been parsed by the app's own parsers by now: refuse it by its type.
      if (!PHOTO_TYPES[type]) throw wrongType(`got ${type || 'no type'}`)
      const body = request.body
      if (!Buffer.isBuffer(body) || body.length === 0) throw unreadable('the body is empty')
      let prepared
      try {
        prepared = await preparePhoto(body, type)
      } catch (err) {
        if (err instanceof PhotoError) throw err.kind === 'type' ? wrongType(err.message) : unreadable(err.message)
        throw err
      }
      const created = await storePhoto(app.db.pool, prepared, request.actor)
      const { id, width, height, full } = prepared
      return reply.code(created ? 201 : 200).send({ id, url: photoUrl(id), thumbUrl: thumbUrl(id), width, height, size: full.length })
    },
  )

  app.get(
    '/api/photos/:id',
    { config: { access: 'read_cases' }, schema: { params: PhotoParams, querystring: PhotoQuery, response: { 200: JpegBytes, 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const { id } = request.params
      const scope = request.scope()
      // The same 404 whether the photo is missing, outside the scope, or the key may not see people.
      const bytes = scope.personalData ? await readPhoto(app.db.pool, id, request.query.size ?? 'full', request.actor, scope) : null
      if (!bytes) throw notFound(`no photo ${id}`, 'NO_PHOTO')
      // Content-addressed, so never changes; private because who may see it depends on the session.
      return reply.header('cache-control', 'private, max-age=31536000, immutable').type('image/jpeg').send(bytes)
    },
  )
}

export default photos
