import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Progress,
  Result,
  Space,
  Table,
  Typography,
  Upload,
  type UploadProps,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, toQueryString } from '../../../api/client';
import { OKEYS } from '../../../api/report-oversight';
import type { ImportRowError, ImportStarted, JobView } from '../../../api/types';
import { useMe } from '../../../auth';
import { PageHeader } from '../../../components/ListPage';
import { errorMessage } from '../../../lib/errors';
import { useUrlState } from '../../../lib/useUrlState';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

const MAX_BYTES = 10 * 1024 * 1024;
const POLL_MS = 500;
const FILTER_KEYS = ['date'] as const;

interface ImportResult {
  imported?: number;
  errorCount?: number;
  errors?: ImportRowError[];
  message?: string;
}

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
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);

  const { data: job, error: pollError } = useQuery({
    queryKey: ['job', jobId],
    queryFn: ({ signal }) => api.get<JobView>(`/api/jobs/${jobId}`, undefined, signal),
    enabled: !!jobId,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : POLL_MS),
  });

  const done = job && job.status !== 'running';
  const result = (job?.result ?? null) as ImportResult | null;
  const rowErrors = result?.errors ?? [];

  useEffect(() => {
    if (job?.status === 'succeeded') {
      void qc.invalidateQueries({ queryKey: OKEYS.completeness });
      void qc.invalidateQueries({ queryKey: OKEYS.dayStatus });
      void qc.invalidateQueries({ queryKey: OKEYS.alerts });
    }
  }, [job?.status, qc]);

  const customRequest = async (opts: UploadRequestOption) => {
    const file = opts.file as File;
    setUploadError(null);
    setJobId(null);
    setFileName(file.name);
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      setUploadError(t('import.wrongType'));
      opts.onError?.(new Error('invalid_file_type'));
      return;
    }
    if (file.size > MAX_BYTES) {
      setUploadError(t('import.tooLarge', { mb: 10 }));
      opts.onError?.(new Error('file_too_large'));
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    setUploading(true);
    try {
      const started = await api.upload<ImportStarted>(
        `/api/daily-reports/import${toQueryString({ date })}`,
        body,
      );
      setJobId(started.jobId);
      opts.onSuccess?.(started);
    } catch (e) {
      setUploadError(errorMessage(e));
      opts.onError?.(e as Error);
    } finally {
      setUploading(false);
    }
  };

  const percent = job && job.total > 0 ? Math.round((job.processed / job.total) * 100) : 0;
  const busy = uploading || (!!jobId && !done && !pollError);

  return (
    <div>
      <PageHeader title={t('dailyReport.oversight.upload.title')} />
      <Flex vertical gap={16}>
        <Card variant="borderless" title={t('import.step1')}>
          <Typography.Paragraph>{t('dailyReport.oversight.upload.templateHint')}</Typography.Paragraph>
          <Space wrap>
            <span>{t('dailyReport.oversight.upload.date')}</span>
            <DatePicker
              allowClear={false}
              value={dayjs(date)}
              disabledDate={(d) => d.isAfter(dayjs(me.today), 'day')}
              onChange={(v) => update({ date: v ? v.format('YYYY-MM-DD') : undefined })}
              disabled={busy}
              data-testid="upload-date"
            />
            <Button
              icon={<DownloadOutlined />}
              href={`/api/daily-reports/template${toQueryString({ date })}`}
              download
              data-testid="upload-template"
            >
              {t('import.downloadTemplate')}
            </Button>
          </Space>
        </Card>

        <Card variant="borderless" title={t('import.step2')}>
          <div data-testid="upload-dragger">
            <Upload.Dragger
              name="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              maxCount={1}
              showUploadList={false}
              disabled={busy}
              customRequest={(o) => void customRequest(o)}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.dragText')}</p>
              <p className="ant-upload-hint">{t('import.dragHint', { mb: 10 })}</p>
            </Upload.Dragger>
          </div>
          {uploadError && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 16 }}
              title={uploadError}
              data-testid="upload-error"
            />
          )}
          {pollError && (
            <Alert type="error" showIcon style={{ marginTop: 16 }} title={errorMessage(pollError)} />
          )}
          {(uploading || (jobId && !done)) && (
            <div style={{ marginTop: 16 }} data-testid="upload-progress">
              <Typography.Text>
                {uploading
                  ? t('import.uploading', { name: fileName })
                  : t('import.running', {
                      phase: job?.phase
                        ? t(`import.phase.${job.phase}`, { defaultValue: job.phase })
                        : t('import.phase.queued'),
                      processed: job?.processed ?? 0,
                      total: job?.total ?? 0,
                    })}
              </Typography.Text>
              <Progress percent={uploading ? 0 : percent} status="active" />
            </div>
          )}
        </Card>

        {done && job.status === 'succeeded' && (
          <Card variant="borderless">
            <Result
              status="success"
              data-testid="upload-success"
              title={t('dailyReport.oversight.upload.successTitle', { count: result?.imported ?? 0 })}
              subTitle={fileName ?? undefined}
              extra={
                <Link to={`/reports/completeness${toQueryString({ date })}`}>
                  <Button type="primary">{t('dailyReport.oversight.upload.toCompleteness')}</Button>
                </Link>
              }
            />
          </Card>
        )}

        {done && job.status === 'failed' && rowErrors.length > 0 && (
          <Card variant="borderless" title={t('import.errorReport')}>
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('import.rowsWithErrors', { count: new Set(rowErrors.map((e) => e.row)).size })}
              description={
                <>
                  {t('import.fixAndRetry')}
                  {(result?.errorCount ?? 0) > rowErrors.length &&
                    ` ${t('import.truncated', { shown: rowErrors.length, total: result?.errorCount })}`}
                </>
              }
              data-testid="upload-error-summary"
            />
            <Table<ImportRowError>
              data-testid="upload-errors"
              size="small"
              rowKey={(r) => `${r.row}:${r.column}:${r.reason}`}
              dataSource={rowErrors}
              pagination={rowErrors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 80, sorter: (a, b) => a.row - b.row },
                { title: t('import.column'), dataIndex: 'column', width: 200 },
                { title: t('import.reason'), dataIndex: 'reason' },
              ]}
            />
          </Card>
        )}

        {done && job.status === 'failed' && rowErrors.length === 0 && (
          <Alert
            type="error"
            showIcon
            data-testid="upload-failed"
            title={t('import.failed')}
            description={result?.message ?? job.phase ?? undefined}
          />
        )}
      </Flex>
    </div>
  );
}
