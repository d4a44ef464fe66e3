import { describe, expect, it } from 'vitest'
import { parseBbox } from '../../server/plugins/buildings/bbox.ts'
import { ConfigError, loadConfig } from '../../server/plugins/infra/config.ts'
import { HttpError } from '../../server/lib/errors.ts'

describe('parseBbox', () => {
  it('accepts a small valid box', () => {
    expect(parseBbox('117.0,30.5,117.05,30.55')).toEqual([117, 30.5, 117.05, 30.55])
  })
  it.each([
    ['1,2,3', /four numbers/],
    ['1,2,x,4', /not a number/],
    ['117.1,30.5,117.0,30.6', /west < east/],
    ['-181,0,-180,1', /outside/],
    ['100,20,120,40', /too large/],
  ])('rejects %s', (text, message) => {
    try {
      parseBbox(text)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError)
      expect((err as HttpError).statusCode).toBe(400)
      expect((err as Error).message).toMatch(message)
    }
  })
})

describe('loadConfig', () => {
  it('fills defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ PORT: 8080, DATA_DIR: '.data', WALK_SPEED_KMH: 4, DEMO_DATA: true })
    expect(c.DATABASE_URL).toBeUndefined()
  })
  it('converts and validates', () => {
    expect(loadConfig({ PORT: '9000', DEMO_DATA: 'false' })).toMatchObject({ PORT: 9000, DEMO_DATA: false })
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: '70000', WALK_SPEED_KMH: '-1' })).toThrow(/PORT[\s\S]*WALK_SPEED_KMH/)
  })
})
