import { parseArgs } from 'node:util'
import { startSimulation } from '../server/simulator/run.ts'

const USAGE = `usage: npm run simulate -- [--url http://127.0.0.1:8080] [--speed 10] [--per-day 800] [--seed n] [--duration seconds]
                             [--user commander] [--password …]

Feeds realistic cases (群众诉求) into a running server through its public API: a daily rhythm,
categories in their usual shares, hotspots that come and go, and every case moving through the loop.
--speed is simulated time per real time (60: an hour a minute); --duration stops after that many
real seconds (default: run until Ctrl-C). It signs in as --user (SIMULATE_USER; default the demo district's
区指挥中心 account 'commander'), which must be allowed every step of the loop; --password or SIMULATE_PASSWORD.`

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.SIMULATE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}` },
      speed: { type: 'string', default: '10' },
      'per-day': { type: 'string', default: '800' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      user: { type: 'string', default: process.env.SIMULATE_USER },
      password: { type: 'string', default: process.env.SIMULATE_PASSWORD },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const num = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got ${v})`)
    return n
  }
  const sim = await startSimulation({
    url: values.url!,
    speed: num('speed', values.speed, 0.1, 10_000),
    perDay: num('per-day', values['per-day'], 1, 1_000_000),
    seed: values.seed === undefined ? undefined : num('seed', values.seed, 0, 2 ** 31),
    username: values.user,
    password: values.password,
  })
  const stop = async () => {
    await sim.stop()
    console.log(`simulator: stopped after ${sim.stats.posted} cases and ${sim.stats.transitions} transitions`)
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  if (values.duration) setTimeout(() => void stop(), num('duration', values.duration, 1, 1e7) * 1000)
}

main().catch((err) => {
  console.error(`simulator: ${(err as Error).message}`)
  process.exit(1)
})
