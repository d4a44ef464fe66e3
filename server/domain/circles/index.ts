/** Service circles against cases (服务圈内外诉求对比): pure maths, no I/O. */
export * from './compare-circles.ts'
export * from './windows.ts'
