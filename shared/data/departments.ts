/** City departments (DOMAIN.md §1). Codes are stable identifiers used in accounts and routing. */
export const DEPARTMENTS = [
  { code: 'industry', name: '市工业和信息化局', nameEn: 'Industry and Information Technology Bureau' },
  { code: 'health', name: '市卫生健康委员会', nameEn: 'Health Commission' },
  { code: 'emergency', name: '市应急管理局', nameEn: 'Emergency Management Bureau' },
  { code: 'development', name: '市发展和改革委员会', nameEn: 'Development and Reform Commission' },
  { code: 'commerce', name: '市商务局', nameEn: 'Commerce Bureau' },
  { code: 'finance', name: '市财政局', nameEn: 'Finance Bureau' },
  { code: 'tax', name: '市税务局', nameEn: 'Tax Bureau' },
  { code: 'hr', name: '市人力资源和社会保障局', nameEn: 'Human Resources and Social Security Bureau' },
  { code: 'market', name: '市市场监督管理局', nameEn: 'Market Regulation Administration' },
  { code: 'civil', name: '市民政局', nameEn: 'Civil Affairs Bureau' },
  { code: 'police', name: '市公安局', nameEn: 'Public Security Bureau' },
  { code: 'finance_office', name: '市金融发展服务中心（金融办）', nameEn: 'Finance Office' },
] as const;
