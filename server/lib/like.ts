/** `%`, `_` and the escape character itself, made literal for an `ILIKE … ESCAPE '\'` pattern (in SQL: one backslash). */
export const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/** A pattern matching text that contains `text` anywhere (use with ESCAPE '\'). */
export const likeContains = (text: string) => `%${likeEscape(text)}%`

/** A pattern matching text that starts with `text` (use with ESCAPE '\'). */
export const likePrefix = (text: string) => `${likeEscape(text)}%`
