import { Tag } from 'antd';
import type { Label } from '../../../shared/enums';
import { useLocale } from '../i18n';

interface StatusTagProps<K extends string> {
  value: K;
  /** The one label map of this status (shared/enums.ts). */
  labels: Record<K, Label>;
  colors?: Partial<Record<K, string>>;
  testId?: string;
}

/** A status, flag or class shown as a tag with its label in the UI language. */
export function StatusTag<K extends string>({ value, labels, colors, testId }: StatusTagProps<K>) {
  const { label } = useLocale();
  return (
    <Tag color={colors?.[value]} data-testid={testId}>
      {label(labels[value], value)}
    </Tag>
  );
}
