/** 热点预警: an alert is open until someone acknowledges it (确认) or it fades (closes by itself). */
export const HOTSPOT_STATUSES = ['open', 'acknowledged', 'closed'] as const
export type HotspotStatus = (typeof HOTSPOT_STATUSES)[number]
export const HOTSPOT_STATUS_NAMES: Record<HotspotStatus, string> = {
  open: '待确认',
  acknowledged: '已确认',
  closed: '已消退',
}

/** Why an alert closed: the runs stopped finding its cluster. */
export const HOTSPOT_CLOSE_REASONS = ['faded'] as const
export type HotspotCloseReason = (typeof HOTSPOT_CLOSE_REASONS)[number]

/** What a `hotspot` push on /live says happened to an alert. */
export const HOTSPOT_CHANGES = ['opened', 'updated', 'acknowledged', 'closed'] as const
export type HotspotChange = (typeof HOTSPOT_CHANGES)[number]

/** Who planted a hotspot (the ground truth the detector is measured against): the demo history or a running simulator. */
export const PLANT_ORIGINS = ['history', 'simulator'] as const
export type PlantOrigin = (typeof PLANT_ORIGINS)[number]
