/**
 * Code lists as registers write them: each code with its official Chinese name (from the shared
 * vocabulary, server/domain/vocabulary) first, then the other names districts use in spreadsheets.
 */

/** Every code with its names, the official one first (the one shown in error messages). */
export function withAliases<K extends string>(codes: readonly K[], official: Record<K, string>, aliases: Partial<Record<K, readonly string[]>>) {
  return Object.fromEntries(codes.map((c): [K, readonly string[]] => [c, [official[c], ...(aliases[c] ?? [])]])) as Record<K, readonly string[]>
}

/** A code from its code or any of its names, or null. */
export function lookup<K extends string>(table: Record<K, readonly string[]>, value: string): K | null {
  const v = value.trim()
  for (const [code, labels] of Object.entries(table) as [K, readonly string[]][]) {
    if (code === v.toLowerCase() || labels.includes(v)) return code
  }
  return null
}

/** The first name of each code, joined for a message ("社区党委、网格党支部 …"). */
export const namesOf = (table: Record<string, readonly string[]>) => Object.values(table).map((n) => n[0]).join('、')
