import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The platform's calendar is Asia/Shanghai whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = dayjs(iso);
  return d.isValid() ? d.tz(TIME_ZONE).format('YYYY-MM-DD') : iso;
}

export function formatNumber(n: number | null | undefined, locale: string, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/**
 * Yuan shown the way a Chinese office reads money: 亿元 / 万元 in Chinese; in English the same
 * scale words spelled out (10k / 100m yuan would confuse), so millions and billions.
 */
export function formatYuan(yuan: number | null | undefined, locale: string): string {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return '—';
  if (locale === 'zh-CN') {
    if (Math.abs(yuan) >= 1e8) return `${formatNumber(yuan / 1e8, locale, 2)} 亿元`;
    if (Math.abs(yuan) >= 1e4) return `${formatNumber(yuan / 1e4, locale, 2)} 万元`;
    return `${formatNumber(yuan, locale, 2)} 元`;
  }
  if (Math.abs(yuan) >= 1e9) return `¥${formatNumber(yuan / 1e9, 'en', 2)} billion`;
  if (Math.abs(yuan) >= 1e6) return `¥${formatNumber(yuan / 1e6, 'en', 2)} million`;
  return `¥${formatNumber(yuan, 'en', 2)}`;
}
