import { useQueryClient } from '@tanstack/react-query';
import { Badge, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreamState } from '../../api/kpis';
import { ME_KEY, useMe } from '../../auth';
import { TIME_ZONE } from '../../lib/format';

/**
 * Milliseconds to add to the browser's clock to get the server's (scenario) clock: the demo's
 * "now" is 2020-03-10 09:00 plus the time since the server started.
 */
export function useClockSkew(): number {
  const qc = useQueryClient();
  const me = useMe();
  const fetchedAt = qc.getQueryState(ME_KEY)?.dataUpdatedAt || Date.now();
  return Date.parse(me.now) - fetchedAt;
}

/** The browser's time, re-rendered every `ms`. */
export function useTicking(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const i = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(i);
  }, [ms]);
  return now;
}

/** hh:mm:ss of a browser timestamp on the server's clock (Asia/Shanghai). */
export function serverTime(browserMs: number, skew: number, format = 'HH:mm:ss'): string {
  return dayjs(browserMs + skew)
    .tz(TIME_ZONE)
    .format(format);
}

/** "Live · updated hh:mm:ss", or "reconnecting…" while the stream is down. */
export function LiveMark({
  state,
  updatedAt,
  dark = false,
}: {
  state: StreamState;
  /** When the figures were last fetched (browser ms). */
  updatedAt: number;
  dark?: boolean;
}) {
  const { t } = useTranslation();
  const skew = useClockSkew();
  const status = state === 'live' ? 'processing' : state === 'reconnecting' ? 'warning' : 'default';
  const text =
    state === 'reconnecting'
      ? t('kpi.live.reconnecting')
      : state === 'connecting'
        ? t('kpi.live.connecting')
        : t('kpi.live.live');
  return (
    <Tooltip title={t('kpi.live.hint')}>
      <span data-testid="live-mark" data-state={state} style={{ whiteSpace: 'nowrap' }}>
        <Badge
          status={status}
          text={
            <span style={{ color: dark ? 'inherit' : undefined }}>
              {text}
              {updatedAt > 0 && (
                <>
                  {' · '}
                  <span data-testid="live-updated">
                    {t('kpi.live.updated', { time: serverTime(updatedAt, skew) })}
                  </span>
                </>
              )}
            </span>
          }
        />
      </span>
    </Tooltip>
  );
}
