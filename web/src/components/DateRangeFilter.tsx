import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';

/** A list filter on a date range kept as `YYYY-MM-DD` strings (either end may be open). */
export function DateRangeFilter({
  from,
  to,
  onChange,
  placeholder,
  style,
}: {
  from?: string;
  to?: string;
  onChange: (from: string | undefined, to: string | undefined) => void;
  placeholder: [string, string];
  style?: CSSProperties;
}) {
  const value =
    from || to
      ? ([from ? dayjs(from) : null, to ? dayjs(to) : null] as [dayjs.Dayjs | null, dayjs.Dayjs | null])
      : null;
  return (
    <DatePicker.RangePicker
      allowEmpty={[true, true]}
      value={value}
      onChange={(v) => onChange(v?.[0]?.format('YYYY-MM-DD'), v?.[1]?.format('YYYY-MM-DD'))}
      placeholder={placeholder}
      style={style}
    />
  );
}
