import { createHash, randomBytes } from 'node:crypto'

/**
 * Session tokens and API keys are 256 random bits; the database keeps only their SHA-256, which is
 * enough for secrets that cannot be guessed (a slow hash is for passwords people choose).
 */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
