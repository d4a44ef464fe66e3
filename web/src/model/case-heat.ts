/** How the wall display draws the case heat. */
export type HeatMode = 'heatmap' | 'hexagon'
