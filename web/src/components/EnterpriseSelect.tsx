import { Flex, Select, type SelectProps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnterprisePick } from '../api/safety';
import type { EnterpriseView } from '../api/types';

export interface EnterpriseOption {
  value: number;
  label: string;
  /** District · town, under the name. */
  desc: string;
}

/**
 * The search behind an enterprise picker: enterprises in the user's scope by name as they type,
 * with `preset` (the enterprise a page was opened for) kept first when the search does not list it.
 */
export function useEnterprisePicker({
  enabled = true,
  preset,
}: {
  enabled?: boolean;
  preset?: EnterpriseOption;
} = {}) {
  const [q, setQ] = useState('');
  const enterprises = useEnterprisePick(q, enabled);
  const options: EnterpriseOption[] = (enterprises.data?.items ?? []).map((e: EnterpriseView) => ({
    value: e.id,
    label: e.name,
    desc: e.townName ? `${e.divisionName} · ${e.townName}` : e.divisionName,
  }));
  if (preset && !options.some((o) => o.value === preset.value)) options.unshift(preset);
  return { enterprises, options, search: (v: string) => setQ(v.trim()) };
}

export type EnterprisePicker = ReturnType<typeof useEnterprisePicker>;

/**
 * A searchable enterprise select (name, and district · town below it); use inside a Form.Item.
 * Says "pick an enterprise" / "no enterprise found" unless told otherwise.
 */
export function EnterpriseSelect({
  picker,
  wrapNames,
  placeholder,
  notFoundContent,
  ...props
}: {
  picker: EnterprisePicker;
  /** Long names wrap instead of being cut (phone pages). */
  wrapNames?: boolean;
} & Omit<SelectProps<number, EnterpriseOption>, 'options' | 'showSearch' | 'loading' | 'optionRender'>) {
  const { t } = useTranslation();
  return (
    <Select<number, EnterpriseOption>
      placeholder={placeholder ?? t('inspection.pickEnterprise')}
      notFoundContent={notFoundContent ?? t('inspection.noEnterprise')}
      showSearch={{ filterOption: false, onSearch: picker.search }}
      loading={picker.enterprises.isFetching}
      options={picker.options}
      optionRender={(o) => (
        <Flex vertical>
          <span style={wrapNames ? { whiteSpace: 'normal' } : undefined}>{o.data.label}</span>
          {o.data.desc && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.desc}
            </Typography.Text>
          )}
        </Flex>
      )}
      {...props}
    />
  );
}
