/** Coverage of one area for the chosen minutes, as the choropleth and the tooltips show it. */
export interface AreaShare {
  share: number
  uncovered: number
}
