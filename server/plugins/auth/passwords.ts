import { hash, verify } from '@node-rs/argon2'

export const MIN_PASSWORD_LENGTH = 8

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

// Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
let dummy: Promise<string> | undefined

export async function checkPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    await verify(await (dummy ??= hash('no such account')), password).catch(() => false)
    return false
  }
  return verify(storedHash, password).catch(() => false)
}

/** Why a new password is refused, or null. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位 (password must have at least ${MIN_PASSWORD_LENGTH} characters)`
  if (password.toLowerCase() === username.toLowerCase()) return '密码不能与用户名相同 (password must differ from the username)'
  return null
}
