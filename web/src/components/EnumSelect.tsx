import { Select, type SelectProps } from 'antd';
import type { Label } from '../../../shared/enums';
import { useLocale } from '../i18n';

type EnumSelectProps<K extends string> = Omit<SelectProps<K>, 'options' | 'value' | 'onChange'> & {
  /** The values offered, in order (shared/enums.ts). */
  values: readonly K[];
  /** Their one label map (shared/enums.ts). */
  labels: Record<K, Label>;
  /** The value chosen, as kept in the URL; none when cleared. */
  value?: string;
  onChange: (value: K | undefined) => void;
  'data-testid'?: string;
};

/** A clearable filter over an enum: its values with their labels in the UI language. */
export function EnumSelect<K extends string>({
  values,
  labels,
  value,
  onChange,
  ...rest
}: EnumSelectProps<K>) {
  const { label } = useLocale();
  return (
    <Select<K>
      allowClear
      {...rest}
      value={value as K | undefined}
      onChange={onChange}
      options={values.map((v) => ({ value: v, label: label(labels[v]) }))}
    />
  );
}
