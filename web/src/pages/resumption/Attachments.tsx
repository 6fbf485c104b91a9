import {
  DeleteOutlined,
  FileOutlined,
  PaperClipOutlined,
  PictureOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Flex, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AttachmentView, Paged } from '../../api/types';
import { errorMessage } from '../../lib/errors';

const ACCEPT = '.jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx';

function useAttachments(ids: number[]) {
  return useQuery({
    queryKey: ['attachments', ids],
    queryFn: ({ signal }) =>
      api.get<Paged<AttachmentView>>('/api/attachments', { ids: ids.join(','), pageSize: 100 }, signal),
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
  });
}

function FileLink({ a }: { a: AttachmentView }) {
  return (
    <Flex gap={6} align="center" style={{ minWidth: 0 }}>
      {a.thumbnailUrl ? <PictureOutlined /> : <FileOutlined />}
      <Typography.Link
        href={a.url}
        target="_blank"
        rel="noreferrer"
        ellipsis
        title={a.originalName}
        style={{ maxWidth: 320 }}
      >
        {a.originalName}
      </Typography.Link>
    </Flex>
  );
}

/** The attachments of an application (plan document, photos), read-only. */
export function AttachmentList({ ids }: { ids: number[] }) {
  const { t } = useTranslation();
  const { data, isLoading } = useAttachments(ids);
  if (!ids.length)
    return <Typography.Text type="secondary">{t('application.noAttachments')}</Typography.Text>;
  if (isLoading) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      {(data?.items ?? []).map((a) => (
        <FileLink key={a.id} a={a} />
      ))}
    </Flex>
  );
}

/** A form control holding attachment ids: uploads for the enterprise, lists and removes them. */
export function AttachmentField({
  enterpriseId,
  value = [],
  onChange,
}: {
  enterpriseId: number;
  value?: number[];
  onChange?: (ids: number[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploaded, setUploaded] = useState<AttachmentView[]>([]);
  // Several files may finish uploading before the form re-renders: add each to the latest list.
  const latest = useRef(value);
  latest.current = value;
  const { data } = useAttachments(value);
  const known = new Map([...(data?.items ?? []), ...uploaded].map((a) => [a.id, a]));
  return (
    <Flex vertical gap={8}>
      {value.map((id) => {
        const a = known.get(id);
        return (
          <Flex key={id} gap={8} align="center" justify="space-between">
            {a ? <FileLink a={a} /> : <Typography.Text type="secondary">#{id}</Typography.Text>}
            <Button
              type="text"
              danger
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('plan.remove')}
              onClick={() => onChange?.(value.filter((x) => x !== id))}
            />
          </Flex>
        );
      })}
      <Upload
        accept={ACCEPT}
        multiple
        showUploadList={false}
        disabled={value.length >= 20}
        customRequest={async ({ file, onSuccess, onError }) => {
          const form = new FormData();
          form.append('file', file as File);
          try {
            const a = await api.upload<AttachmentView>(`/api/attachments?enterpriseId=${enterpriseId}`, form);
            setUploaded((list) => [...list, a]);
            latest.current = [...latest.current, a.id];
            onChange?.(latest.current);
            onSuccess?.(a);
          } catch (err) {
            message.error(errorMessage(err));
            onError?.(err as Error);
          }
        }}
      >
        <Button icon={<UploadOutlined />}>{t('application.upload')}</Button>
      </Upload>
      <Typography.Text type="secondary">
        <PaperClipOutlined /> {t('application.uploadHint')}
      </Typography.Text>
    </Flex>
  );
}
