import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Label, Locale } from '../../shared/enums';
import { setApiLanguage } from './api/client';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const LOCALE_STORAGE_KEY = 'tongchou.locale';

function storedLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applySideEffects(locale: Locale): void {
  setApiLanguage(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // private mode: the choice still holds for this page
  }
}

const initial = storedLocale();
applySideEffects(initial);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: ['zh-CN', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

/** Switches the UI language (API Accept-Language, dayjs, <html lang>, localStorage included). */
export async function changeLocale(locale: Locale): Promise<void> {
  applySideEffects(locale);
  await i18n.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** The current UI locale plus helpers to pick the right half of a bilingual label or name. */
export function useLocale() {
  const { i18n: inst } = useTranslation();
  const locale: Locale = inst.language === 'en' ? 'en' : 'zh-CN';
  return useMemo(
    () => ({
      locale,
      label: (l: Label | undefined, fallback = ''): string => (l ? l[locale] : fallback),
      name: (o: { name: string; nameEn?: string | null } | undefined, fallback = ''): string =>
        o ? (locale === 'en' && o.nameEn ? o.nameEn : o.name) : fallback,
    }),
    [locale],
  );
}

export default i18n;
