import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Flex,
  Progress,
  Result,
  Space,
  Table,
  Typography,
  Upload,
  type UploadProps,
} from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ImportRowError, ImportStarted, JobView } from '../api/types';
import { errorMessage } from '../lib/errors';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

const MAX_MB = 10;
const MAX_BYTES = MAX_MB * 1024 * 1024;
const POLL_MS = 500;

interface ImportResult {
  imported?: number;
  /** All problems found; `errors` may list only the first few thousand. */
  errorCount?: number;
  errors?: ImportRowError[];
  message?: string;
}

/** The test ids of the panel's parts; each page keeps the ids its tests already use. */
export interface ImportJobTestIds {
  template: string;
  upload: string;
  uploadError: string;
  progress: string;
  success: string;
  errorSummary: string;
  errors: string;
  failed: string;
}

const DEFAULT_TEST_IDS: ImportJobTestIds = {
  template: 'import-template',
  upload: 'import-upload',
  uploadError: 'import-upload-error',
  progress: 'import-progress',
  success: 'import-success',
  errorSummary: 'import-error-summary',
  errors: 'import-errors',
  failed: 'import-failed',
};

interface ImportJobPanelProps {
  /** Where the .xlsx is posted; the answer names the background job to watch. */
  uploadUrl: string;
  /** The template download link of step 1. */
  templateHref: string;
  /** The text of step 1, above the template link. */
  templateHint: ReactNode;
  /** Controls shown before the template link (e.g. the date the upload is for), disabled while busy. */
  templateExtra?: (busy: boolean) => ReactNode;
  /** The success card's title, given the number of rows imported. */
  successTitle: (imported: number) => ReactNode;
  /** The success card's action (where to go next). */
  successExtra: ReactNode;
  /** Called once a job has succeeded (e.g. to invalidate the lists it changed). */
  onSuccess?: () => void;
  testIds?: Partial<ImportJobTestIds>;
}

/**
 * Import from an .xlsx template: step 1 the template, step 2 the upload; then the job's progress,
 * and the per-row error report or the count imported.
 */
export function ImportJobPanel({
  uploadUrl,
  templateHref,
  templateHint,
  templateExtra,
  successTitle,
  successExtra,
  onSuccess,
  testIds,
}: ImportJobPanelProps) {
  const { t } = useTranslation();
  const ids = { ...DEFAULT_TEST_IDS, ...testIds };
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const onSuccessRef = useRef(onSuccess);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
  });

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
    if (job?.status === 'succeeded') onSuccessRef.current?.();
  }, [job?.status]);

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
      setUploadError(t('import.tooLarge', { mb: MAX_MB }));
      opts.onError?.(new Error('file_too_large'));
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    setUploading(true);
    try {
      const started = await api.upload<ImportStarted>(uploadUrl, body);
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

  const templateButton = (
    <Button icon={<DownloadOutlined />} href={templateHref} download data-testid={ids.template}>
      {t('import.downloadTemplate')}
    </Button>
  );

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" title={t('import.step1')}>
        <Typography.Paragraph>{templateHint}</Typography.Paragraph>
        {templateExtra ? (
          <Space wrap>
            {templateExtra(busy)}
            {templateButton}
          </Space>
        ) : (
          templateButton
        )}
      </Card>

      <Card variant="borderless" title={t('import.step2')}>
        <div data-testid={ids.upload}>
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
            <p className="ant-upload-hint">{t('import.dragHint', { mb: MAX_MB })}</p>
          </Upload.Dragger>
        </div>
        {uploadError && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={uploadError}
            data-testid={ids.uploadError}
          />
        )}
        {pollError && (
          <Alert type="error" showIcon style={{ marginTop: 16 }} title={errorMessage(pollError)} />
        )}
        {(uploading || (jobId && !done)) && (
          <div style={{ marginTop: 16 }} data-testid={ids.progress}>
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
            data-testid={ids.success}
            title={successTitle(result?.imported ?? 0)}
            subTitle={fileName ?? undefined}
            extra={successExtra}
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
            data-testid={ids.errorSummary}
          />
          <Table<ImportRowError>
            data-testid={ids.errors}
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
          data-testid={ids.failed}
          title={t('import.failed')}
          description={result?.message ?? job.phase ?? undefined}
        />
      )}
    </Flex>
  );
}
