import { useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toQueryString } from '../../../api/client';
import { OKEYS } from '../../../api/report-oversight';
import { useMe } from '../../../auth';
import { ImportJobPanel } from '../../../components/ImportJobPanel';
import { PageHeader } from '../../../components/ListPage';
import { useUrlState } from '../../../lib/useUrlState';

const FILTER_KEYS = ['date'] as const;

/** The upload page's test ids (its e2e journeys predate the shared panel). */
const UPLOAD_TEST_IDS = {
  template: 'upload-template',
  upload: 'upload-dragger',
  uploadError: 'upload-error',
  progress: 'upload-progress',
  success: 'upload-success',
  errorSummary: 'upload-error-summary',
  errors: 'upload-errors',
  failed: 'upload-failed',
};

/**
 * /reports/upload — a district (or HQ) uploads a day's reports from the .xlsx template: one row per
 * enterprise, all rows or none; job progress, then the per-row error table or the count.
 */
export default function ReportUpload() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const date = f.date ?? me.today;

  return (
    <div>
      <PageHeader title={t('dailyReport.oversight.upload.title')} />
      <ImportJobPanel
        uploadUrl={`/api/daily-reports/import${toQueryString({ date })}`}
        templateHref={`/api/daily-reports/template${toQueryString({ date })}`}
        templateHint={t('dailyReport.oversight.upload.templateHint')}
        templateExtra={(busy) => (
          <>
            <span>{t('dailyReport.oversight.upload.date')}</span>
            <DatePicker
              allowClear={false}
              value={dayjs(date)}
              disabledDate={(d) => d.isAfter(dayjs(me.today), 'day')}
              onChange={(v) => update({ date: v ? v.format('YYYY-MM-DD') : undefined })}
              disabled={busy}
              data-testid="upload-date"
            />
          </>
        )}
        successTitle={(count) => t('dailyReport.oversight.upload.successTitle', { count })}
        successExtra={
          <Link to={`/reports/completeness${toQueryString({ date })}`}>
            <Button type="primary">{t('dailyReport.oversight.upload.toCompleteness')}</Button>
          </Link>
        }
        onSuccess={() => {
          void qc.invalidateQueries({ queryKey: OKEYS.completeness });
          void qc.invalidateQueries({ queryKey: OKEYS.dayStatus });
          void qc.invalidateQueries({ queryKey: OKEYS.alerts });
        }}
        testIds={UPLOAD_TEST_IDS}
      />
    </div>
  );
}
