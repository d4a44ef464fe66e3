/** The windows the service-circle comparison offers: the shared day windows, long enough for rates per 1,000 residents to mean something. */
export {
  DAY_WINDOWS as CIRCLE_WINDOWS,
  DAY_WINDOW_NAMES as CIRCLE_WINDOW_NAMES,
  dayWindowRange as circleWindowRange,
  type DayWindow as CircleWindow,
} from '../day-windows.ts'
