import type { Rng } from './rng.ts'

/**
 * Chinese names from word lists. All picks are deterministic (seeded) and unique within a level:
 * a pool remembers what it handed out and falls back to longer combinations when plain ones run out
 * (scale 10 needs thousands of road and compound names).
 */

/** Place words for 街道 and 社区 (fictional but ordinary-sounding). */
const PLACE = (
  '澜溪 青枫 柳岸 梅岭 桃源 松涛 竹园 兰亭 荷塘 芳洲 翠湖 银杏 金桥 玉泉 石门 云岭 月湖 星河 晨光 朝阳 ' +
  '长乐 永安 福康 和平 建设 胜利 光明 文昌 书院 学府 东湖 西园 南浦 北岸 新华 民主 团结 友谊 红旗 前进 ' +
  '向阳 东风 幸福 康乐 安居 富民 兴业 振兴 凤凰 白鹭 鹤鸣 鹿园 莲花 紫荆 丹桂 海棠 杏林 桑园 茶山 稻香 ' +
  '渔港 码头 古楼 钟楼 鼓楼 状元 文峰 笔架 砚池 清风 明月 春晖 秋实 锦江 双桥 三里 五里 七星 九华 百花 ' +
  '万福 沿河 河西 河东 城南 城北 天宁 宝塔 菱角 藕塘 芦花 苇荡 枫桥 杨柳 桂林 樟树 槐荫 榆林 柏庄 梧桐 ' +
  '龙潭 虎山 狮子 象山 马鞍 牛头 鱼塘 鸭洲 雁湖 鹊桥 凌云 望江 观澜 临江 栖霞 紫金 玉屏 金沙 银湖 铜锣'
).split(' ')

/** Road words. */
const ROAD = (
  '人民 解放 建设 胜利 光明 和平 文化 中山 长江 黄山 天柱 龙山 集贤 湖心 纺织 德宽 孝肃 玉琳 菱湖 振风 ' +
  '沿江 环城 工农 红星 延安 井冈 韶山 遵义 复兴 育才 学苑 书香 华中 皖江 新河 石化 钢城 铁路 机场 港口 ' +
  '花园 公园 体育 医院 市府 府前 府后 大观 迎宾 宜城 大湖 小湖 北正 南正 四牌 三步 倒扒 墨子 孔城 枞阳 ' +
  '白马 青龙 赤岭 金鸡 银杏 玉带 锦屏 绣湖 古城 新城 华侨 平安 吉祥 如意 兴旺 昌盛 繁荣 富强 民生 利民 ' +
  '惠民 便民 安乐 康宁 祥和 瑞丰 丰收 永丰 广济 普济 通达 通江 太平 万安 长风 长虹 彩虹 飞虹 凌霄 晓园 ' +
  '晨曦 朝霞 晚霞 春风 夏荷 秋枫 冬梅 雪松 翠柏 青松 绿竹 丹枫 金菊 紫藤 海棠 玉兰 芙蓉 牡丹 茉莉 栀子 ' +
  '龙门 凤鸣 麒麟 鸿雁 鹭洲 鹤林 燕子 黄鹂 喜鹊 杜鹃 学士 状元 进士 文星 奎光 魁星 登云 步云 望月 揽月'
).split(' ')

/** Words for residential compounds. */
const ESTATE = (
  '锦绣 阳光 翡翠 金色 书香 御景 江南 水岸 枫林 丽景 怡和 润泽 华庭 雅苑 碧水 蓝湾 绿洲 翠庭 香榭 紫郡 ' +
  '名城 新天地 滨江 湖畔 半岛 清源 博雅 泰和 康城 颐和 嘉园 景园 馨园 乐府 世纪 未来 国际 中央 天悦 ' +
  '悦澜 澜庭 溪岸 听涛 观湖 望湖 临湖 沁园 春华 秋韵 山水 云水 青城 东城 西城 南城 北城 福临 瑞景 ' +
  '祥瑞 鑫苑 宏图 盛景 恒裕 锦苑 玉龙 金桂 银桂 丹桂 兰庭 荷园 梅苑 竹韵 松苑 柳岸 桃花 杏花 梨园 ' +
  '橘园 枫丹 白桦 香樟 银杏 紫荆 凤凰 麒麟 天鹅 白鹭 翠湖 碧湖 龙湖 凤湖 星湖 月湖 日月 晨曦 朝阳 ' +
  '华府 公园 学府 书院 文苑 雅居 宜居 安居 康居 乐居 和居 怡景 美景 丽都 华都 新都 金都 富都 海悦'
).split(' ')

/** Old work-unit (单位) compounds of the 1980s–90s are often named after the employer. */
const WORK_UNIT = (
  '纺织厂 机械厂 化肥厂 粮食局 供电局 自来水公司 邮电局 石化 印刷厂 棉纺厂 造船厂 轴承厂 ' +
  '药材公司 百货公司 交通局 卫生局 教育局 建筑公司 汽车站 食品厂 酒厂 柴油机厂 玻璃厂 搪瓷厂'
).split(' ')

const COMPANY = (
  '安居 鑫诚 华宇 恒信 德润 嘉禾 宏泰 瑞丰 永盛 兴隆 佳和 众安 美好 乐居 康泰 和顺 诚信 祥和 金盾 泰和 ' +
  '鸿运 信达 天和 怡居 悦家 惠民 蓝天 绿源 银河 宜城 皖江 澜溪 锦程 中恒 华信 安泰 万家 家和 百合 ' +
  '润民 民安 盛世 新城 城建 汇鑫 金鼎 福满 长安 凯旋 东方 南方 正大 方圆 明珠 星辰 晨阳 雅居 安平 好邻'
).split(' ')

const DIRS = ['东', '西', '南', '北']
const ORD = ['一', '二', '三', '四', '五', '六', '七', '八', '九']

/** Most common surnames, roughly by frequency (weights fall off with rank). */
const SURNAMES = (
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 ' +
  '彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 ' +
  '石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵'
).split(' ')
const SURNAME_W = SURNAMES.map((_, i) => 1 / (i + 8))
const GIVEN = (
  '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 桂 英 华 玉 兰 秀 红 文 辉 建 ' +
  '国 志 海 峰 林 波 斌 宇 浩 凯 鹏 俊 帅 晨 婷 雪 琳 倩 颖 慧 丹 萍 燕 梅 玲 莉 琴 云 飞 亮 ' +
  '新 春 宏 成 德 福 生 荣 祥 兵 东 松 健 庆 永 金 秋 冬 晓 佳 欣 悦 怡 嘉 子 梓 睿 博 泽 涵'
).split(' ')

export class NamePool {
  private readonly used = new Set<string>()
  constructor(private readonly rng: Rng) {}

  /** Tries each generator in turn (several attempts each) until an unused name comes out. */
  private unique(gens: (() => string)[]): string {
    for (const gen of gens) {
      for (let attempt = 0; attempt < 40; attempt++) {
        const s = gen()
        if (!this.used.has(s)) {
          this.used.add(s)
          return s
        }
      }
    }
    // Last resort: numbered variant of the first generator (never reached at sane scales).
    const base = gens[0]()
    for (let n = 2; ; n++) {
      const s = `${base}${n}`
      if (!this.used.has(s)) {
        this.used.add(s)
        return s
      }
    }
  }

  private w(list: readonly string[]): string {
    return this.rng.pick(list)
  }

  street(): string {
    const r = this.rng
    return this.unique([() => `${this.w(PLACE)}街道`, () => `${this.w(PLACE)}${r.pick(DIRS)}街道`])
  }

  community(): string {
    const r = this.rng
    return this.unique([
      () => `${this.w(PLACE)}社区`,
      () => `${this.w(PLACE)}${r.pick(DIRS)}社区`,
      () => `${this.w(PLACE)}${this.w(ROAD)}社区`,
    ])
  }

  /** Road names; "ns" and "ew" are arterials, "alley" gives 巷/里. */
  road(kind: 'ns' | 'ew' | 'local' | 'alley'): string {
    const r = this.rng
    const suffix = () =>
      kind === 'ns' ? '路' : kind === 'ew' ? r.pick(['大道', '路', '街']) : kind === 'alley' ? r.pick(['巷', '巷', '里']) : r.pick(['路', '街', '路'])
    return this.unique([
      () => `${this.w(ROAD)}${suffix()}`,
      () => `${this.w(ROAD)}${r.pick(DIRS)}${suffix()}`,
      () => `${this.w(ROAD)}${r.pick(ORD)}${suffix()}`,
      () => `${this.w(ROAD)}${this.w(PLACE)}${suffix()}`,
    ])
  }

  compound(era: 'old' | 'mid' | 'new'): string {
    const r = this.rng
    const suf =
      era === 'old' ? ['新村', '小区', '小区', '新村'] : era === 'mid' ? ['小区', '花园', '家园', '苑'] : ['花园', '家园', '苑', '府', '花园']
    const gens = [() => `${this.w(ESTATE)}${r.pick(suf)}`]
    if (era === 'old') gens.unshift(() => (r.chance(0.35) ? `${this.w(WORK_UNIT)}宿舍` : `${this.w(PLACE)}${r.pick(suf)}`))
    gens.push(() => `${this.w(ESTATE)}${r.pick(suf)}${r.pick(['二期', '三期', '东区', '西区', '南区', '北区'])}`)
    gens.push(() => `${this.w(PLACE)}${this.w(ESTATE)}${r.pick(suf)}`)
    return this.unique(gens)
  }

  propertyCompany(): string {
    return this.unique([
      () => `${this.w(COMPANY)}物业服务有限公司`,
      () => `安庆${this.w(COMPANY)}物业服务有限公司`,
      () => `${this.w(COMPANY)}${this.w(ESTATE)}物业服务有限公司`,
    ])
  }

  /** A generic unique label (school, park, hospital names) built by the caller. */
  uniqueOf(gen: () => string): string {
    return this.unique([gen])
  }

  placeWord(): string {
    return this.w(PLACE)
  }
}

/** People's names may repeat, as they do in real life; no pool. */
export function personName(rng: Rng): string {
  const s = rng.weighted(SURNAMES, SURNAME_W)
  const g = rng.chance(0.25) ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN)
  return s + g
}

/** Mainland mobile number, 11 digits: 1[3-9]x xxxx xxxx (stored without spaces). */
export function mobile(rng: Rng): string {
  let s = '1' + rng.int(3, 9)
  for (let i = 0; i < 9; i++) s += rng.int(0, 9)
  return s
}

/** Landline with Anqing's area code 0556. */
export function landline(rng: Rng): string {
  let s = '0556-' + rng.int(5, 8)
  for (let i = 0; i < 6; i++) s += rng.int(0, 9)
  return s
}

export const ORDINALS = ORD
