import cliProgress from 'cli-progress'

export interface Progress {
  /** Start a new stage ("reading", "buildings") with a known total, or 0 when unknown. */
  stage(name: string, total: number): void
  update(done: number): void
  /** A line of text between bars. */
  log(message: string): void
  stop(): void
}

/** Progress that does nothing: the default for importers called from code and tests. */
export const silentProgress: Progress = { stage() {}, update() {}, log() {}, stop() {} }

/**
 * A bar per stage on a terminal (cli-progress), plain lines elsewhere (a log file, CI), so piped output
 * is not filled with carriage returns.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    let name = '', total = 0, shown = -1
    return {
      stage(n, t) {
        name = n; total = t; shown = -1
        stream.write(`${n}${t ? ` (${t})` : ''}…\n`)
      },
      update(done) {
        if (!total) return
        const tenth = Math.floor((done / total) * 10)
        if (tenth > shown && tenth < 10) {
          shown = tenth
          if (tenth > 0) stream.write(`  ${name}: ${done}/${total}\n`)
        }
      },
      log: (m) => void stream.write(`${m}\n`),
      stop() {},
    }
  }
  let bar: cliProgress.SingleBar | null = null
  const stop = () => {
    bar?.stop()
    bar = null
  }
  return {
    stage(name, total) {
      stop()
      bar = new cliProgress.SingleBar(
        { format: `${name.padEnd(14)} {bar} {percentage}% | {value}/{total}`, stream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
      bar.start(Math.max(total, 1), 0)
    },
    update: (done) => bar?.update(done),
    log(m) {
      if (bar) bar.stop()
      stream.write(`${m}\n`)
      bar = null
    },
    stop,
  }
}
