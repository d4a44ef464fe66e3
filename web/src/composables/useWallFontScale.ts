/**
 * The wall display's stage. The wall is laid out for 1920×1080 at 16 px to the rem (nothing under
 * 14 px there). At that size and above, the root font size grows with the viewport (32 px at
 * 3840×2160) and the layout fills it, so text, maps and charts stay crisp. Below it, text must not
 * shrink relative to the layout: the page is drawn as a fixed 1920×1080 stage at 16 px and scaled
 * down as a whole with a CSS transform, centred, with black bars (letterboxing).
 * What is drawn on canvases (charts, map labels) follows the returned root font size in pixels.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export const STAGE_WIDTH = 1920
export const STAGE_HEIGHT = 1080
/** Root font size at the stage's size: the layout is 120 × 67.5 rem. */
export const STAGE_REM = 16

export interface WallStage {
  /** Root font size in CSS px. */
  rem: number
  /** Uniform scale applied to the stage (1 when it fills the viewport). */
  scale: number
  /** True when the viewport is smaller than the stage and the stage is scaled down with bars around it. */
  letterboxed: boolean
  /** The stage's layout size in CSS px (before its transform). */
  width: number
  height: number
  /** Where the scaled stage's top-left corner sits in the viewport. */
  left: number
  top: number
}

/** Pure: the stage for a viewport. */
export function wallStage(viewportWidth: number, viewportHeight: number): WallStage {
  const fit = Math.min(viewportWidth / STAGE_WIDTH, viewportHeight / STAGE_HEIGHT)
  if (!(fit < 1)) {
    return { rem: STAGE_REM * (Number.isFinite(fit) ? fit : 1), scale: 1, letterboxed: false, width: viewportWidth, height: viewportHeight, left: 0, top: 0 }
  }
  const scale = Math.max(fit, 0.01)
  return {
    rem: STAGE_REM,
    scale,
    letterboxed: true,
    width: STAGE_WIDTH,
    height: STAGE_HEIGHT,
    left: (viewportWidth - STAGE_WIDTH * scale) / 2,
    top: (viewportHeight - STAGE_HEIGHT * scale) / 2,
  }
}

/** Inline style for the stage element (absolutely positioned in a full-viewport container). */
export function stageStyle(stage: WallStage): Record<string, string> {
  if (!stage.letterboxed) return { inset: '0' }
  return {
    left: '0',
    top: '0',
    width: `${stage.width}px`,
    height: `${stage.height}px`,
    transformOrigin: '0 0',
    transform: `translate(${stage.left}px, ${stage.top}px) scale(${stage.scale})`,
  }
}

export interface UseWallStageOptions {
  window?: Pick<Window, 'addEventListener' | 'removeEventListener' | 'innerWidth' | 'innerHeight'> & { document: Document }
}

/**
 * While the calling component lives: the stage for the current viewport, kept up to date through
 * resizes, and the root font size set to its `rem` (the previous size comes back when it goes).
 */
export function useWallStage(options: UseWallStageOptions = {}): ShallowRef<WallStage> {
  const win = options.window ?? (typeof window === 'undefined' ? null : window)
  if (!win) return shallowRef(wallStage(STAGE_WIDTH, STAGE_HEIGHT))

  const style = win.document.documentElement.style
  const before = style.fontSize
  const stage = shallowRef(wallStage(win.innerWidth, win.innerHeight))
  style.fontSize = `${stage.value.rem}px`
  const onResize = () => {
    const next = wallStage(win.innerWidth, win.innerHeight)
    const cur = stage.value
    if (next.rem === cur.rem && next.scale === cur.scale && next.width === cur.width && next.height === cur.height) return
    stage.value = next
    style.fontSize = `${next.rem}px`
  }
  win.addEventListener('resize', onResize)
  onScopeDispose(() => {
    win.removeEventListener('resize', onResize)
    style.fontSize = before
  })
  return stage
}
