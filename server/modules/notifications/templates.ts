import type { Locale, NotificationKind } from '../../../shared/enums';

type Data = Record<string, unknown>;
type Render = (d: Data) => { title: string; body: string };

const names = (d: Data, locale: Locale, max = 20): string => {
  const list = (d.enterprises as { name: string }[] | undefined) ?? [];
  const shown = list
    .slice(0, max)
    .map((e) => e.name)
    .join(locale === 'en' ? ', ' : '、');
  if (list.length <= max) return shown;
  return locale === 'en' ? `${shown} and ${list.length - max} more` : `${shown}等${list.length}户`;
};

const values = (d: Data, locale: Locale): string => {
  const v = (d.values as Record<string, unknown> | undefined) ?? {};
  const labels = (d.labels as Record<string, { zh: string; en: string }> | undefined) ?? {};
  return Object.entries(v)
    .map(([k, x]) => `${labels[k] ? (locale === 'en' ? labels[k].en : labels[k].zh) : k} ${String(x)}`)
    .join(locale === 'en' ? ', ' : '，');
};

const TEMPLATES: Record<NotificationKind, Record<Locale, Render>> = {
  report_missing: {
    'zh-CN': (d) => ({
      title: '日报告催报',
      body: `${d.enterpriseName} 尚未报送 ${d.date} 的日报告（截止 ${d.deadline}），请尽快填报；没有异常也须报送零报告。`,
    }),
    en: (d) => ({
      title: 'Daily report reminder',
      body: `${d.enterpriseName} has not filed its daily report for ${d.date} (due ${d.deadline}). Please file it now; with nothing abnormal, file a zero report.`,
    }),
  },
  report_missing_liaison: {
    'zh-CN': (d) => ({
      title: '所驻企业未报日报告',
      body: `您派驻的 ${d.count} 户企业尚未报送 ${d.date} 的日报告：${names(d, 'zh-CN')}。请督促填报或代为填报。`,
    }),
    en: (d) => ({
      title: 'Your enterprises have not reported',
      body: `${d.count} of your enterprises have not filed their daily report for ${d.date}: ${names(d, 'en')}. Please follow up or file on their behalf.`,
    }),
  },
  report_missing_district: {
    'zh-CN': (d) => ({
      title: '辖区企业未报日报告',
      body: `辖区内 ${d.count} 户企业尚未报送 ${d.date} 的日报告：${names(d, 'zh-CN')}。`,
    }),
    en: (d) => ({
      title: 'Enterprises in your division have not reported',
      body: `${d.count} enterprises in your division have not filed their daily report for ${d.date}: ${names(d, 'en')}.`,
    }),
  },
  report_abnormal: {
    'zh-CN': (d) => ({
      title: '日报告异常',
      body: `${d.enterpriseName} ${d.date} 日报告异常：${values(d, 'zh-CN')}。请核实处置并登记所采取的措施。`,
    }),
    en: (d) => ({
      title: 'Abnormal daily report',
      body: `${d.enterpriseName} reported for ${d.date}: ${values(d, 'en')}. Check, act and record the action taken.`,
    }),
  },
  directive_issued: {
    'zh-CN': (d) => ({
      title: '新指挥部令',
      body: `《${d.title}》已下达，请于 ${d.dueDate} 前签收并逐项落实。`,
    }),
    en: (d) => ({
      title: 'New directive',
      body: `"${d.title}" has been issued; acknowledge it and complete every action by ${d.dueDate}.`,
    }),
  },
  directive_overdue: {
    'zh-CN': (d) => ({
      title: '指挥部令逾期未落实',
      body: `《${d.title}》落实期限为 ${d.dueDate}，${d.enterpriseName} 尚未全部落实，请立即落实并在平台勾选。`,
    }),
    en: (d) => ({
      title: 'Directive overdue',
      body: `"${d.title}" was due on ${d.dueDate}; ${d.enterpriseName} has not completed every action. Complete and tick them now.`,
    }),
  },
  directive_overdue_liaison: {
    'zh-CN': (d) => ({
      title: '所驻企业指挥部令逾期',
      body: `您派驻的 ${d.count} 户企业逾期未落实《${d.title}》：${names(d, 'zh-CN')}。`,
    }),
    en: (d) => ({
      title: 'Directive overdue at your enterprises',
      body: `${d.count} of your enterprises are overdue on "${d.title}": ${names(d, 'en')}.`,
    }),
  },
  directive_overdue_district: {
    'zh-CN': (d) => ({
      title: '辖区企业指挥部令逾期',
      body: `辖区内 ${d.count} 户企业逾期未落实《${d.title}》：${names(d, 'zh-CN')}。`,
    }),
    en: (d) => ({
      title: 'Directive overdue in your division',
      body: `${d.count} enterprises in your division are overdue on "${d.title}": ${names(d, 'en')}.`,
    }),
  },
  demand_received: {
    'zh-CN': (d) => ({
      title: '新企业诉求',
      body: `${d.enterpriseName} 的${d.categoryZh}诉求（${d.number}）已交由${d.departmentZh}办理，请于 ${d.acceptDueOn} 前受理、${d.resolveDueOn} 前办结。`,
    }),
    en: (d) => ({
      title: 'New enterprise demand',
      body: `${d.enterpriseName}'s ${d.categoryEn} demand (${d.number}) is with the ${d.departmentEn}: accept it by ${d.acceptDueOn} and resolve it by ${d.resolveDueOn}.`,
    }),
  },
  demand_resolved: {
    'zh-CN': (d) => ({
      title: '诉求已办理，请确认评价',
      body: `您的${d.categoryZh}诉求（${d.number}）已由${d.departmentZh}办理完毕，请确认是否解决并评价；${d.autoCloseOn} 前未确认将自动办结（不计满意）。`,
    }),
    en: (d) => ({
      title: 'Demand resolved: please confirm and rate',
      body: `Your ${d.categoryEn} demand (${d.number}) was resolved by the ${d.departmentEn}. Please confirm whether it is solved and rate it; unconfirmed after ${d.autoCloseOn}, it closes unrated.`,
    }),
  },
  demand_overdue: {
    'zh-CN': (d) => ({
      title: '企业诉求超期督办',
      body: `${d.enterpriseName} 的${d.categoryZh}诉求（${d.number}）已超过办理期限 ${d.dueOn}，请部门负责人督办。`,
    }),
    en: (d) => ({
      title: 'Enterprise demand overdue',
      body: `${d.enterpriseName}'s ${d.categoryEn} demand (${d.number}) missed its deadline of ${d.dueOn}; the department head is asked to act.`,
    }),
  },
  demand_escalated: {
    'zh-CN': (d) => ({
      title: '企业诉求超期提级',
      body: `${d.enterpriseName} 的${d.categoryZh}诉求（${d.number}，${d.departmentZh}）超过期限 ${d.dueOn} 已两个工作日仍未办结，提请指挥部督办。`,
    }),
    en: (d) => ({
      title: 'Overdue demand escalated to the HQ',
      body: `${d.enterpriseName}'s ${d.categoryEn} demand (${d.number}, ${d.departmentEn}) is still open two working days after its deadline of ${d.dueOn}.`,
    }),
  },
};

/** A notification's title and body in the reader's language, from its kind and data. */
export function renderNotification(
  kind: string,
  data: Data,
  locale: Locale,
): { title: string; body: string } {
  const t = TEMPLATES[kind as NotificationKind];
  if (!t) return { title: kind, body: '' };
  return t[locale](data);
}
