/**
 * What the user reads when a request fails: one Chinese line per stable error code. The server's codes
 * come from its HttpError throws and its error handler (server/lib/errors.ts, server/app.ts: VALIDATION
 * for schema failures); the lower-case ones are the web's own (request.ts). A code not listed here falls
 * back to a line for its HTTP status, so a new server code still reads sensibly.
 */

/** Failures that happen before or instead of an HTTP answer with a code. */
export type ClientErrorCode = 'network' | 'aborted' | 'parse' | 'http'

export const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  // The web's own
  network: '无法连接服务器，请检查网络',
  aborted: '请求已取消',
  parse: '服务器返回的数据无法解析',
  // Generic server codes (server/lib/errors.ts defaults, server/app.ts)
  VALIDATION: '请求参数不符合要求',
  BAD_REQUEST: '请求有误',
  NOT_FOUND: '请求的数据不存在或已被删除',
  CONFLICT: '数据已被他人修改，请刷新后重试',
  DB_UNAVAILABLE: '数据库暂时无法访问，请稍后重试',
  // Map and coverage
  BAD_BBOX: '地图范围参数有误',
  BBOX_TOO_LARGE: '地图范围过大，请放大后再查看建筑',
  BAD_QUERY: '查询条件有误',
  BAD_MINUTES: '服务圈分钟数有误',
  BAD_TILE: '地图瓦片不存在',
  UNKNOWN_TILE_SET: '地图瓦片图层不存在',
  // OGC API – Features (/ogc)
  NO_COLLECTION: '图层不存在',
  NO_FEATURE: '要素不存在',
  BAD_DATETIME: '时间参数有误',
  UNKNOWN_STATION: '该阵地在当前情景中未投用，无法移动或撤除',
  // Saved plans (方案)
  PLAN_NAME_TAKEN: '已有同名方案，请换一个名称',
  PLAN_NOT_FOUND: '该方案不存在或已被删除',
  BAD_COMPARE: '对比的方案有误（需 2 至 4 列）',
  DUPLICATE_STATION: '同一阵地被重复移动或撤除',
  BAD_WEIGHTS: '5 分钟与 15 分钟目标的权重不能都为 0',
  NO_K: '请填写建议新增的站点数，或设定按站点类型的预算',
  BAD_BUDGET: '站点类型预算有误：每类最多一行，合计不超过 50 个，且不再另设权重',
  BAD_OUTLINE: '选址范围无效：请在地图上圈出一块有面积的区域',
  BAD_SITING: '选址条件无效，请检查后重试',
  // Cases
  BAD_WINDOW: '统计时间范围有误',
  UNKNOWN_CATEGORY: '诉求类别不存在',
  BAD_COORDINATES: '诉求位置坐标有误',
  ILLEGAL_TRANSITION: '诉求当前状态不允许此操作',
  CONCURRENT_CHANGE: '诉求正被他人同时处理，请稍后重试',
  UNKNOWN_TARGET: '派单对象不存在',
  OUT_OF_SCOPE: '此诉求或区域不在您的辖区内',
  ACTION_NOT_ALLOWED: '您的角色不能执行此操作',
  WRONG_SOURCE: '此接入密钥不能以该来源上报',
  // Hotspot alerts (server/plugins/hotspots)
  NO_HOTSPOT: '该热点预警不存在',
  HOTSPOT_CLOSED: '该热点预警已消退，无需确认',
  // Case photos (server/plugins/photos)
  PHOTO_TOO_LARGE: '照片过大，单张不能超过 10 MB',
  PHOTO_TYPE: '只能上传 JPEG、PNG 或 WebP 格式的照片',
  PHOTO_UNREADABLE: '照片已损坏或无法识别，请重新拍摄',
  NO_PHOTO: '照片不存在或您无权查看',
  UNKNOWN_PHOTO: '所附照片不存在，请重新上传',
  // Accounts and sign-in (server/plugins/auth)
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限执行此操作',
  BAD_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_LOCKED: '连续登录失败次数过多，账号暂时锁定，请稍后再试',
  BAD_KIOSK_KEY: '大屏令牌无效或已吊销',
  WEAK_PASSWORD: '新密码不符合要求（至少 8 位，且不能与用户名相同）',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  UNKNOWN_AREA: '所选区域不存在',
  UNKNOWN_DEPARTMENT: '部门账号需选择所属部门',
  UNEXPECTED_DEPARTMENT: '只有部门账号可以选择部门',
  AREA_REQUIRED: '街道、社区账号需指定所属区域',
  ACCOUNT_EXISTS: '该用户名已存在',
  SELF_LOCKOUT: '不能停用或降级自己的账号',
  KEY_SOURCE: '外部系统密钥需指定上报来源（其他密钥不需要）',
  UNSTORABLE: '诉求内容含有无法保存的字符',
  ENGINE_UNAVAILABLE: '服务圈计算暂时不可用，请稍后再试',
}

/** By HTTP status, for codes not in the table (and answers without a code, such as a 500). */
const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: '请求有误',
  401: '未登录或登录已过期',
  403: '没有权限执行此操作',
  404: '请求的数据不存在',
  409: '数据冲突，请刷新后重试',
  413: '提交的数据过大',
  415: '提交的数据格式不受支持',
  422: '提交的数据无法处理',
  429: '请求过于频繁，请稍后再试',
  502: '服务器暂时不可用，请稍后再试',
  503: '服务器暂时不可用，请稍后再试',
  504: '服务器响应超时，请稍后再试',
}

/** The line shown for a failure; the status is appended when known so a report can be traced. */
export function errorMessage(code: string, status?: number): string {
  const text =
    ERROR_MESSAGES[code] ??
    (status !== undefined
      ? (STATUS_MESSAGES[status] ?? (status >= 500 ? '服务器出错，请稍后再试' : '请求未能完成'))
      : '请求未能完成')
  return status !== undefined ? `${text}（${status}）` : text
}
