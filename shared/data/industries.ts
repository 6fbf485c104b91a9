/**
 * Industrial classification for national economic activities, GB/T 4754-2017 (国民经济行业分类, as
 * amended in 2019): all 20 sections (门类), all 97 divisions (大类) and the classes (小类) that the Benxi
 * demo city's enterprises use. A class code's first two digits are its division.
 */
export type IndustryLevel = 'section' | 'division' | 'class';

/** One entry of the classification. `section` is the letter the entry belongs to. */
export interface Industry {
  code: string;
  name: string;
  nameEn: string;
  section: string;
  level: IndustryLevel;
}

type Row = readonly [code: string, name: string, nameEn: string];

const SECTIONS: readonly Row[] = [
  ['A', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery'],
  ['B', '采矿业', 'Mining'],
  ['C', '制造业', 'Manufacturing'],
  ['D', '电力、热力、燃气及水生产和供应业', 'Production and supply of electricity, heat, gas and water'],
  ['E', '建筑业', 'Construction'],
  ['F', '批发和零售业', 'Wholesale and retail trade'],
  ['G', '交通运输、仓储和邮政业', 'Transport, storage and postal services'],
  ['H', '住宿和餐饮业', 'Accommodation and catering'],
  ['I', '信息传输、软件和信息技术服务业', 'Information transmission, software and IT services'],
  ['J', '金融业', 'Finance'],
  ['K', '房地产业', 'Real estate'],
  ['L', '租赁和商务服务业', 'Leasing and business services'],
  ['M', '科学研究和技术服务业', 'Scientific research and technical services'],
  ['N', '水利、环境和公共设施管理业', 'Water conservancy, environment and public facilities management'],
  ['O', '居民服务、修理和其他服务业', 'Resident services, repair and other services'],
  ['P', '教育', 'Education'],
  ['Q', '卫生和社会工作', 'Health and social work'],
  ['R', '文化、体育和娱乐业', 'Culture, sports and entertainment'],
  ['S', '公共管理、社会保障和社会组织', 'Public administration, social security and social organizations'],
  ['T', '国际组织', 'International organizations'],
];

const DIVISIONS: Readonly<Record<string, readonly Row[]>> = {
  A: [
    ['01', '农业', 'Agriculture'],
    ['02', '林业', 'Forestry'],
    ['03', '畜牧业', 'Animal husbandry'],
    ['04', '渔业', 'Fishery'],
    [
      '05',
      '农、林、牧、渔专业及辅助性活动',
      'Agriculture, forestry, husbandry and fishery support activities',
    ],
  ],
  B: [
    ['06', '煤炭开采和洗选业', 'Coal mining and washing'],
    ['07', '石油和天然气开采业', 'Extraction of petroleum and natural gas'],
    ['08', '黑色金属矿采选业', 'Mining and processing of ferrous metal ores'],
    ['09', '有色金属矿采选业', 'Mining and processing of non-ferrous metal ores'],
    ['10', '非金属矿采选业', 'Mining and processing of non-metallic minerals'],
    ['11', '开采专业及辅助性活动', 'Mining support activities'],
    ['12', '其他采矿业', 'Other mining'],
  ],
  C: [
    ['13', '农副食品加工业', 'Processing of agricultural and sideline food products'],
    ['14', '食品制造业', 'Food manufacturing'],
    ['15', '酒、饮料和精制茶制造业', 'Manufacture of liquor, beverages and refined tea'],
    ['16', '烟草制品业', 'Manufacture of tobacco products'],
    ['17', '纺织业', 'Manufacture of textiles'],
    ['18', '纺织服装、服饰业', 'Manufacture of textile garments and apparel'],
    ['19', '皮革、毛皮、羽毛及其制品和制鞋业', 'Manufacture of leather, fur, feather products and footwear'],
    [
      '20',
      '木材加工和木、竹、藤、棕、草制品业',
      'Wood processing; wood, bamboo, rattan, palm and straw products',
    ],
    ['21', '家具制造业', 'Manufacture of furniture'],
    ['22', '造纸和纸制品业', 'Manufacture of paper and paper products'],
    ['23', '印刷和记录媒介复制业', 'Printing and reproduction of recording media'],
    [
      '24',
      '文教、工美、体育和娱乐用品制造业',
      'Manufacture of articles for culture, education, arts, sports and entertainment',
    ],
    ['25', '石油、煤炭及其他燃料加工业', 'Processing of petroleum, coal and other fuels'],
    ['26', '化学原料和化学制品制造业', 'Manufacture of chemical raw materials and chemical products'],
    ['27', '医药制造业', 'Manufacture of medicines'],
    ['28', '化学纤维制造业', 'Manufacture of chemical fibres'],
    ['29', '橡胶和塑料制品业', 'Manufacture of rubber and plastic products'],
    ['30', '非金属矿物制品业', 'Manufacture of non-metallic mineral products'],
    ['31', '黑色金属冶炼和压延加工业', 'Smelting and pressing of ferrous metals'],
    ['32', '有色金属冶炼和压延加工业', 'Smelting and pressing of non-ferrous metals'],
    ['33', '金属制品业', 'Manufacture of metal products'],
    ['34', '通用设备制造业', 'Manufacture of general-purpose machinery'],
    ['35', '专用设备制造业', 'Manufacture of special-purpose machinery'],
    ['36', '汽车制造业', 'Manufacture of automobiles'],
    [
      '37',
      '铁路、船舶、航空航天和其他运输设备制造业',
      'Manufacture of railway, ship, aerospace and other transport equipment',
    ],
    ['38', '电气机械和器材制造业', 'Manufacture of electrical machinery and equipment'],
    [
      '39',
      '计算机、通信和其他电子设备制造业',
      'Manufacture of computers, communication and other electronic equipment',
    ],
    ['40', '仪器仪表制造业', 'Manufacture of measuring instruments'],
    ['41', '其他制造业', 'Other manufacturing'],
    ['42', '废弃资源综合利用业', 'Utilization of waste resources'],
    ['43', '金属制品、机械和设备修理业', 'Repair of metal products, machinery and equipment'],
  ],
  D: [
    ['44', '电力、热力生产和供应业', 'Production and supply of electricity and heat'],
    ['45', '燃气生产和供应业', 'Production and supply of gas'],
    ['46', '水的生产和供应业', 'Production and supply of water'],
  ],
  E: [
    ['47', '房屋建筑业', 'Building construction'],
    ['48', '土木工程建筑业', 'Civil engineering'],
    ['49', '建筑安装业', 'Installation'],
    ['50', '建筑装饰、装修和其他建筑业', 'Building decoration, renovation and other construction'],
  ],
  F: [
    ['51', '批发业', 'Wholesale trade'],
    ['52', '零售业', 'Retail trade'],
  ],
  G: [
    ['53', '铁路运输业', 'Rail transport'],
    ['54', '道路运输业', 'Road transport'],
    ['55', '水上运输业', 'Water transport'],
    ['56', '航空运输业', 'Air transport'],
    ['57', '管道运输业', 'Pipeline transport'],
    ['58', '多式联运和运输代理业', 'Multimodal transport and transport agency'],
    ['59', '装卸搬运和仓储业', 'Loading, unloading and warehousing'],
    ['60', '邮政业', 'Postal services'],
  ],
  H: [
    ['61', '住宿业', 'Accommodation'],
    ['62', '餐饮业', 'Catering'],
  ],
  I: [
    [
      '63',
      '电信、广播电视和卫星传输服务',
      'Telecommunications, broadcasting and satellite transmission services',
    ],
    ['64', '互联网和相关服务', 'Internet and related services'],
    ['65', '软件和信息技术服务业', 'Software and information technology services'],
  ],
  J: [
    ['66', '货币金融服务', 'Monetary and financial services'],
    ['67', '资本市场服务', 'Capital market services'],
    ['68', '保险业', 'Insurance'],
    ['69', '其他金融业', 'Other financial activities'],
  ],
  K: [['70', '房地产业', 'Real estate']],
  L: [
    ['71', '租赁业', 'Leasing'],
    ['72', '商务服务业', 'Business services'],
  ],
  M: [
    ['73', '研究和试验发展', 'Research and experimental development'],
    ['74', '专业技术服务业', 'Professional technical services'],
    ['75', '科技推广和应用服务业', 'Technology promotion and application services'],
  ],
  N: [
    ['76', '水利管理业', 'Water conservancy management'],
    ['77', '生态保护和环境治理业', 'Ecological protection and environmental management'],
    ['78', '公共设施管理业', 'Public facilities management'],
    ['79', '土地管理业', 'Land management'],
  ],
  O: [
    ['80', '居民服务业', 'Resident services'],
    ['81', '机动车、电子产品和日用产品修理业', 'Repair of motor vehicles, electronic and household products'],
    ['82', '其他服务业', 'Other services'],
  ],
  P: [['83', '教育', 'Education']],
  Q: [
    ['84', '卫生', 'Health'],
    ['85', '社会工作', 'Social work'],
  ],
  R: [
    ['86', '新闻和出版业', 'News and publishing'],
    ['87', '广播、电视、电影和录音制作业', 'Radio, television, film and sound recording'],
    ['88', '文化艺术业', 'Culture and arts'],
    ['89', '体育', 'Sports'],
    ['90', '娱乐业', 'Entertainment'],
  ],
  S: [
    ['91', '中国共产党机关', 'Organs of the Communist Party of China'],
    ['92', '国家机构', 'State organs'],
    ['93', '人民政协、民主党派', "People's Political Consultative Conference and democratic parties"],
    ['94', '社会保障', 'Social security'],
    [
      '95',
      '群众团体、社会团体和其他成员组织',
      'Mass organizations, social organizations and other membership organizations',
    ],
    ['96', '基层群众自治组织及其他组织', 'Grass-roots self-governing organizations and other organizations'],
  ],
  T: [['97', '国际组织', 'International organizations']],
};

// Only classes the demo city uses; each was checked against the 2017 table (several codes changed
// from the 2011 edition, e.g. 谷物磨制 split into 1311–1319, 燃气 into 4511–4513, 娱乐业 moved to 90).
const CLASSES: readonly Row[] = [
  ['0171', '中草药种植', 'Growing of Chinese herbal medicines'],
  ['0610', '烟煤和无烟煤开采洗选', 'Mining and washing of bituminous coal and anthracite'],
  ['0810', '铁矿采选', 'Mining and processing of iron ore'],
  ['0912', '铅锌矿采选', 'Mining and processing of lead and zinc ore'],
  ['1011', '石灰石、石膏开采', 'Quarrying of limestone and gypsum'],
  ['1012', '建筑装饰用石开采', 'Quarrying of building and decorative stone'],
  ['1019', '粘土及其他土砂石开采', 'Extraction of clay, sand and other stone'],
  ['1313', '玉米加工', 'Maize milling'],
  ['1351', '牲畜屠宰', 'Slaughtering of livestock'],
  ['1353', '肉制品及副产品加工', 'Processing of meat products and by-products'],
  ['1391', '淀粉及淀粉制品制造', 'Manufacture of starch and starch products'],
  ['1392', '豆制品制造', 'Manufacture of bean products'],
  ['1411', '糕点、面包制造', 'Manufacture of pastries and bread'],
  ['1431', '米、面制品制造', 'Manufacture of rice and flour products'],
  ['1511', '酒精制造', 'Manufacture of alcohol'],
  ['1512', '白酒制造', 'Manufacture of baijiu (Chinese liquor)'],
  ['1515', '葡萄酒制造', 'Manufacture of wine'],
  ['1524', '含乳饮料和植物蛋白饮料制造', 'Manufacture of milk-containing and plant-protein beverages'],
  ['2521', '炼焦', 'Coking'],
  ['2614', '有机化学原料制造', 'Manufacture of basic organic chemicals'],
  ['2621', '氮肥制造', 'Manufacture of nitrogen fertilizers'],
  ['2641', '涂料制造', 'Manufacture of paints and coatings'],
  ['2671', '炸药及火工产品制造', 'Manufacture of explosives and initiating devices'],
  ['2710', '化学药品原料药制造', 'Manufacture of chemical active pharmaceutical ingredients'],
  ['2720', '化学药品制剂制造', 'Manufacture of chemical drug preparations'],
  ['2730', '中药饮片加工', 'Processing of prepared slices of Chinese crude drugs'],
  ['2740', '中成药生产', 'Manufacture of Chinese patent medicines'],
  ['2761', '生物药品制造', 'Manufacture of biological medicines'],
  ['2770', '卫生材料及医药用品制造', 'Manufacture of sanitary materials and medical supplies'],
  ['2780', '药用辅料及包装材料', 'Pharmaceutical excipients and packaging materials'],
  ['2922', '塑料板、管、型材制造', 'Manufacture of plastic plates, pipes and profiles'],
  ['3011', '水泥制造', 'Manufacture of cement'],
  ['3012', '石灰和石膏制造', 'Manufacture of lime and gypsum'],
  ['3021', '水泥制品制造', 'Manufacture of cement products'],
  ['3022', '砼结构构件制造', 'Manufacture of precast concrete components'],
  ['3031', '粘土砖瓦及建筑砌块制造', 'Manufacture of clay bricks, tiles and building blocks'],
  ['3041', '平板玻璃制造', 'Manufacture of flat glass'],
  ['3089', '耐火陶瓷制品及其他耐火材料制造', 'Manufacture of refractory ceramics and other refractories'],
  ['3110', '炼铁', 'Ironmaking'],
  ['3120', '炼钢', 'Steelmaking'],
  ['3130', '钢压延加工', 'Steel rolling and processing'],
  ['3140', '铁合金冶炼', 'Ferroalloy smelting'],
  ['3212', '铅锌冶炼', 'Lead and zinc smelting'],
  ['3311', '金属结构制造', 'Manufacture of metal structures'],
  ['3391', '黑色金属铸造', 'Ferrous metal casting'],
  ['3484', '机械零部件加工', 'Machining of mechanical parts'],
  ['3511', '矿山机械制造', 'Manufacture of mining machinery'],
  ['3516', '冶金专用设备制造', 'Manufacture of metallurgical equipment'],
  ['3670', '汽车零部件及配件制造', 'Manufacture of automobile parts and accessories'],
  ['4210', '金属废料和碎屑加工处理', 'Processing of metal waste and scrap'],
  ['4411', '火力发电', 'Thermal power generation'],
  ['4412', '热电联产', 'Combined heat and power generation'],
  ['4413', '水力发电', 'Hydroelectric power generation'],
  ['4420', '电力供应', 'Electricity supply'],
  ['4430', '热力生产和供应', 'Production and supply of heat'],
  ['4511', '天然气生产和供应业', 'Production and supply of natural gas'],
  ['4513', '煤气生产和供应业', 'Production and supply of coal gas'],
  ['4610', '自来水生产和供应', 'Production and supply of tap water'],
  ['4620', '污水处理及其再生利用', 'Sewage treatment and reuse'],
  ['4710', '住宅房屋建筑', 'Construction of residential buildings'],
  ['4812', '公路工程建筑', 'Highway engineering'],
  ['4910', '电气安装', 'Electrical installation'],
  ['5012', '住宅装饰和装修', 'Residential decoration and renovation'],
  ['5111', '谷物、豆及薯类批发', 'Wholesale of grain, beans and tubers'],
  ['5121', '米、面制品及食用油批发', 'Wholesale of rice, flour products and edible oil'],
  ['5123', '果品、蔬菜批发', 'Wholesale of fruit and vegetables'],
  ['5151', '西药批发', 'Wholesale of Western medicines'],
  ['5164', '金属及金属矿批发', 'Wholesale of metals and metal ores'],
  ['5165', '建材批发', 'Wholesale of building materials'],
  ['5211', '百货零售', 'Department store retail'],
  ['5212', '超级市场零售', 'Supermarket retail'],
  ['5213', '便利店零售', 'Convenience store retail'],
  ['5223', '果品、蔬菜零售', 'Retail of fruit and vegetables'],
  ['5251', '西药零售', 'Retail of Western medicines'],
  ['5265', '机动车燃油零售', 'Retail of motor fuel'],
  ['5411', '公共电汽车客运', 'Public bus and trolleybus transport'],
  ['5413', '出租车客运', 'Taxi transport'],
  ['5421', '长途客运', 'Long-distance coach transport'],
  ['5431', '普通货物道路运输', 'Road transport of general cargo'],
  ['5435', '危险货物道路运输', 'Road transport of dangerous goods'],
  ['5437', '城市配送', 'Urban delivery'],
  ['5920', '通用仓储', 'General warehousing'],
  ['5930', '低温仓储', 'Cold storage'],
  ['6020', '快递服务', 'Express delivery services'],
  ['6110', '旅游饭店', 'Tourist hotels'],
  ['6121', '经济型连锁酒店', 'Budget chain hotels'],
  ['6210', '正餐服务', 'Full-service restaurants'],
  ['6220', '快餐服务', 'Fast-food services'],
  ['6241', '餐饮配送服务', 'Catering delivery services'],
  ['6291', '小吃服务', 'Snack services'],
  ['6513', '应用软件开发', 'Application software development'],
  ['7020', '物业管理', 'Property management'],
  ['7263', '劳务派遣服务', 'Labour dispatch services'],
  ['7291', '旅行社及相关服务', 'Travel agencies and related services'],
  ['7724', '危险废物治理', 'Hazardous waste treatment'],
  ['7820', '环境卫生管理', 'Environmental sanitation management'],
  ['7861', '名胜风景区管理', 'Management of scenic areas'],
  ['8040', '理发及美容服务', 'Hairdressing and beauty services'],
  ['8051', '洗浴服务', 'Bathing services'],
  ['8111', '汽车修理与维护', 'Repair and maintenance of automobiles'],
  ['8391', '职业技能培训', 'Vocational skills training'],
  ['8415', '专科医院', 'Specialized hospitals'],
  ['8425', '门诊部（所）', 'Outpatient clinics'],
  ['8760', '电影放映', 'Film projection'],
  ['8810', '文艺创作与表演', 'Artistic creation and performance'],
  ['8930', '健身休闲活动', 'Fitness and leisure activities'],
  ['9011', '歌舞厅娱乐活动', 'Karaoke and dance-hall entertainment'],
  ['9013', '网吧活动', 'Internet cafés'],
];

const DIVISION_SECTION = new Map<string, string>();
for (const [section, rows] of Object.entries(DIVISIONS)) {
  for (const [code] of rows) DIVISION_SECTION.set(code, section);
}

function buildIndustries(): Industry[] {
  const out: Industry[] = [];
  for (const [letter, name, nameEn] of SECTIONS) {
    out.push({ code: letter, name, nameEn, section: letter, level: 'section' });
    for (const [code, dName, dNameEn] of DIVISIONS[letter]) {
      out.push({ code, name: dName, nameEn: dNameEn, section: letter, level: 'division' });
      for (const [cCode, cName, cNameEn] of CLASSES) {
        if (cCode.startsWith(code)) {
          out.push({ code: cCode, name: cName, nameEn: cNameEn, section: letter, level: 'class' });
        }
      }
    }
  }
  return out;
}

/** Sections, divisions and the demo city's classes, in tree order (A, 01, 0171, 02, …, T, 97). */
export const INDUSTRIES: readonly Industry[] = buildIndustries();

const BY_CODE = new Map(INDUSTRIES.map((i) => [i.code, i]));

/** The classification entry with this exact code, if listed. */
export function industryByCode(code: string): Industry | undefined {
  return BY_CODE.get(code);
}

/**
 * The section letter of a section, division, group or class code, found through the two-digit
 * division prefix; undefined when the code is malformed or its division does not exist.
 */
export function industrySectionOf(code: string): string | undefined {
  if (/^[A-T]$/.test(code)) return code;
  if (!/^\d{2,4}$/.test(code)) return undefined;
  return DIVISION_SECTION.get(code.slice(0, 2));
}

const INDUSTRIAL_SECTIONS = new Set(['B', 'C', 'D']);

/** Whether a code is "industrial" for the KPIs: sections B (mining), C (manufacturing) and D (utilities). */
export function isIndustrial(code: string): boolean {
  const section = industrySectionOf(code);
  return section !== undefined && INDUSTRIAL_SECTIONS.has(section);
}
