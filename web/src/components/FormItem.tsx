import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

/** A labelled form field; a text input unless children give another control. */
export function FormItem({
  name,
  label,
  required,
  children,
  valuePropName,
}: {
  name: string;
  label: string;
  required?: boolean;
  children?: ReactNode;
  valuePropName?: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label}
      valuePropName={valuePropName}
      rules={required ? [{ required: true, message: t('required') }] : []}
    >
      {children ?? <Input />}
    </Form.Item>
  );
}
