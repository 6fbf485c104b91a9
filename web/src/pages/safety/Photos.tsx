import { CameraOutlined, CloseOutlined, FileOutlined } from '@ant-design/icons';
import { App, Button, Flex, Image, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadAttachment, useAttachmentsByIds } from '../../api/safety';
import type { AttachmentView } from '../../api/types';
import { errorMessage } from '../../lib/errors';

const ACCEPT = 'image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx';
const THUMB = 72;

function Thumb({ a, onRemove }: { a: AttachmentView; onRemove?: () => void }) {
  const { t } = useTranslation();
  return (
    <div style={{ position: 'relative' }} data-testid="photo-thumb">
      {a.thumbnailUrl ? (
        <Image
          src={a.thumbnailUrl}
          alt={a.originalName}
          width={THUMB}
          height={THUMB}
          style={{ objectFit: 'cover', borderRadius: 6 }}
          preview={{ src: a.url }}
        />
      ) : (
        <Typography.Link href={a.url} target="_blank" rel="noreferrer">
          <Flex
            vertical
            align="center"
            justify="center"
            style={{ width: THUMB, height: THUMB, border: '1px solid #d9d9d9', borderRadius: 6 }}
          >
            <FileOutlined style={{ fontSize: 22 }} />
            <Typography.Text
              ellipsis={{ tooltip: a.originalName }}
              style={{ maxWidth: THUMB - 8, fontSize: 11 }}
            >
              {a.originalName}
            </Typography.Text>
          </Flex>
        </Typography.Link>
      )}
      {onRemove && (
        <Button
          size="small"
          shape="circle"
          danger
          icon={<CloseOutlined />}
          aria-label={t('safety.photos.remove')}
          onClick={onRemove}
          style={{ position: 'absolute', top: -8, right: -8 }}
        />
      )}
    </div>
  );
}

/** Photos and documents by id, as thumbnails (images open in a preview, others download). */
export function PhotoStrip({ ids, empty }: { ids: number[]; empty?: string }) {
  const { t } = useTranslation();
  const { data, isLoading } = useAttachmentsByIds(ids);
  if (!ids.length)
    return <Typography.Text type="secondary">{empty ?? t('safety.photos.none')}</Typography.Text>;
  if (isLoading) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Flex wrap gap={8}>
        {(data?.items ?? []).map((a) => (
          <Thumb key={a.id} a={a} />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** A control holding attachment ids: take or pick photos on a phone, see and remove them. */
export function PhotoField({
  enterpriseId,
  value = [],
  onChange,
  disabled,
  testId,
}: {
  enterpriseId: number;
  value?: number[];
  onChange?: (ids: number[]) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploaded, setUploaded] = useState<AttachmentView[]>([]);
  const [busy, setBusy] = useState(0);
  // Several files may finish before a re-render: add each to the latest list.
  const latest = useRef(value);
  latest.current = value;
  const { data } = useAttachmentsByIds(value);
  const known = new Map([...(data?.items ?? []), ...uploaded].map((a) => [a.id, a]));
  return (
    <Flex wrap gap={8} align="center">
      <Image.PreviewGroup>
        {value.map((id) => {
          const a = known.get(id);
          return a ? (
            <Thumb
              key={id}
              a={a}
              onRemove={disabled ? undefined : () => onChange?.(value.filter((x) => x !== id))}
            />
          ) : (
            <Typography.Text key={id} type="secondary">
              #{id}
            </Typography.Text>
          );
        })}
      </Image.PreviewGroup>
      {!disabled && (
        <Upload
          accept={ACCEPT}
          multiple
          showUploadList={false}
          disabled={value.length >= 20}
          customRequest={async ({ file, onSuccess, onError }) => {
            setBusy((n) => n + 1);
            try {
              const a = await uploadAttachment(enterpriseId, file as File);
              setUploaded((list) => [...list, a]);
              latest.current = [...latest.current, a.id];
              onChange?.(latest.current);
              onSuccess?.(a);
            } catch (err) {
              message.error(errorMessage(err));
              onError?.(err as Error);
            } finally {
              setBusy((n) => n - 1);
            }
          }}
        >
          <Button
            icon={<CameraOutlined />}
            loading={busy > 0}
            style={{ height: THUMB, width: THUMB, flexDirection: 'column' }}
            data-testid={testId}
          >
            {t('safety.photos.add')}
          </Button>
        </Upload>
      )}
    </Flex>
  );
}
