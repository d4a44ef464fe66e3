/** The windows a 红黑榜 is drawn over: the shared day windows (a week, the month 兰陵 reports on, a quarter). */
export { DAY_WINDOWS as PROPERTY_WINDOWS, dayWindowRange as propertyRange, type DayWindow as PropertyWindow } from '../day-windows.ts'
