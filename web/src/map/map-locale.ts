/**
 * maplibre's UI strings (control tooltips, aria labels, scale units) in Chinese, for the `locale`
 * option of every map. Keys are maplibre-gl's default locale (src/ui/default_locale.ts, 6.x); a key
 * maplibre adds later shows in English until it is added here.
 */
export const MAP_LOCALE_ZH: Readonly<Record<string, string>> = {
  'AttributionControl.ToggleAttribution': '显示或隐藏数据来源',
  'AttributionControl.MapFeedback': '地图反馈',
  'FullscreenControl.Enter': '全屏',
  'FullscreenControl.Exit': '退出全屏',
  'GeolocateControl.FindMyLocation': '定位到我的位置',
  'GeolocateControl.LocationNotAvailable': '无法获取位置',
  'LogoControl.Title': 'MapLibre 标志',
  'Map.Title': '地图',
  'Marker.Title': '地图标记',
  'NavigationControl.ResetBearing': '拖动旋转地图，点击恢复正北',
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'Popup.Close': '关闭',
  'ScaleControl.Feet': '英尺',
  'ScaleControl.Meters': '米',
  'ScaleControl.Kilometers': '千米',
  'ScaleControl.Miles': '英里',
  'ScaleControl.NauticalMiles': '海里',
  'GlobeControl.Enable': '切换为地球视图',
  'GlobeControl.Disable': '切换为平面视图',
  'TerrainControl.Enable': '显示地形',
  'TerrainControl.Disable': '隐藏地形',
  'CooperativeGesturesHandler.WindowsHelpText': '按住 Ctrl 并滚动鼠标滚轮缩放地图',
  'CooperativeGesturesHandler.MacHelpText': '按住 ⌘ 并滚动鼠标滚轮缩放地图',
  'CooperativeGesturesHandler.MobileHelpText': '用两根手指移动地图',
}
