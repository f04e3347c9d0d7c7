import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space } from 'antd';
import { useI18n } from '../../i18n/index.ts';

// SOFTPHONE: the WebRTC softphone (werift on the server; PCMU/PCMA, DTMF keypad, mute, hold,
// transfer, hang up, screen-pop) replaces this panel in a later session. Until then nothing here
// places, answers or simulates a call: the controls are disabled and say so.
export function SoftphonePanel() {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('softphone')} data-testid="softphone-placeholder">
      <Alert
        type="warning"
        showIcon
        title={t('softphoneNotConnected')}
        description={t('softphoneNotConnectedText')}
        style={{ marginBottom: 12 }}
      />
      <Space wrap>
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((d) => (
          <Button key={d} disabled style={{ width: 44 }}>
            {d}
          </Button>
        ))}
      </Space>
      <div style={{ marginTop: 12 }}>
        <Button icon={<PhoneOutlined />} disabled>
          {t('softphoneNotConnected')}
        </Button>
      </div>
    </Card>
  );
}
