/**
 * P(X ≥ n) for X ~ Poisson(mu): the chance of seeing at least n cases where mu were expected.
 * Summed from the side that does not cancel: the upper tail term by term when n is above the mean
 * (tiny p-values stay exact), else one minus the lower sum.
 * @example poissonTail(4, 0.5) // ≈ 0.00175
 */
export function poissonTail(n: number, mu: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`poissonTail: n must be a non-negative integer (got ${n})`)
  if (!(mu >= 0) || !Number.isFinite(mu)) throw new Error(`poissonTail: mu must be a finite number ≥ 0 (got ${mu})`)
  if (n === 0) return 1
  if (mu === 0) return 0
  if (n > mu) {
    let logTerm = -mu + n * Math.log(mu) - logFactorial(n)
    let term = Math.exp(logTerm)
    let sum = 0
    for (let k = n; term > sum * 1e-16 || k < n + 5; k++) {
      sum += term
      term *= mu / (k + 1)
      if (k > n + 10_000) break
    }
    return Math.min(1, sum)
  }
  let term = Math.exp(-mu)
  let lower = 0
  for (let k = 0; k < n; k++) {
    lower += term
    term *= mu / (k + 1)
  }
  return Math.max(0, 1 - lower)
}

function logFactorial(n: number): number {
  let s = 0
  for (let k = 2; k <= n; k++) s += Math.log(k)
  return s
}
