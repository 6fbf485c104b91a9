import { Segmented } from 'antd';
import type { Locale } from '../../../shared/enums';
import { useLocale } from '../i18n';

interface LangSwitchProps {
  onChange: (locale: Locale) => void;
  size?: 'small' | 'medium' | 'large';
}

/** 中文 / English; the names stay in their own language so anyone can find theirs. */
export function LangSwitch({ onChange, size = 'small' }: LangSwitchProps) {
  const { locale } = useLocale();
  return (
    <Segmented<Locale>
      data-testid="lang-switch"
      size={size}
      value={locale}
      onChange={onChange}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
