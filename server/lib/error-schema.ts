import { Type } from '@sinclair/typebox'

/** Every 4xx/5xx body: a short error name and a message that says what was wrong. */
export const ErrorResponse = Type.Object({
  error: Type.String(),
  message: Type.String(),
  code: Type.Optional(Type.String()),
  details: Type.Optional(Type.Any()),
})
