import { RollbackOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ImportJobPanel } from '../../components/ImportJobPanel';
import { PageHeader } from '../../components/ListPage';

/** Bulk import from the .xlsx template: upload, watch the job, then the error report or the count. */
export default function EnterpriseImport() {
  const { t } = useTranslation();
  const qc = useQueryClient();

  return (
    <div>
      <PageHeader
        title={t('menu.enterpriseImport')}
        extra={
          <Link to="/enterprises">
            <Button icon={<RollbackOutlined />}>{t('common.backToList')}</Button>
          </Link>
        }
      />
      <ImportJobPanel
        uploadUrl="/api/enterprises/import"
        templateHref="/api/enterprises/import-template"
        templateHint={t('import.templateHint')}
        successTitle={(count) => t('import.successTitle', { count })}
        successExtra={
          <Link to="/enterprises">
            <Button type="primary">{t('import.backToList')}</Button>
          </Link>
        }
        onSuccess={() => void qc.invalidateQueries({ queryKey: ['enterprises'] })}
      />
    </div>
  );
}
