import {
  AudioMutedOutlined,
  AudioOutlined,
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import type { Softphone, SoftphoneSnapshot } from '../../lib/softphone.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const STATE_LABEL: Record<string, DictKey> = {
  ringing: 'callRinging',
  connecting: 'callConnecting',
  active: 'callActive',
  held: 'callHeld',
  ended: 'callEnded',
};

/** The WebRTC softphone: rings when the ACD offers a call, answers with the microphone. */
export function SoftphonePanel({ phone, snap }: { phone: Softphone; snap: SoftphoneSnapshot }) {
  const { t } = useI18n();
  const [packets, setPackets] = useState(0);
  const [target, setTarget] = useState('');
  const call = snap.call;
  const live = call?.state === 'active' || call?.state === 'held';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      void phone.inboundStats().then((s) => setPackets(s.packets));
    }, 1000);
    return () => clearInterval(timer);
  }, [live, phone]);

  // Keyboard: Enter answers a ringing call; digits go to the keypad while a call is live.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === 'Enter' && call?.state === 'ringing') void phone.answer();
      else if (live && KEYS.includes(e.key)) phone.dtmf(e.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [call?.state, live, phone]);

  const linkTag =
    snap.link === 'online' ? (
      <Tag color="green">{t('softphoneOnline')}</Tag>
    ) : snap.link === 'connecting' ? (
      <Tag>{t('softphoneConnecting')}</Tag>
    ) : (
      <Tag color="red">{t('softphoneOffline')}</Tag>
    );

  return (
    <Card
      size="small"
      title={t('softphone')}
      extra={<span data-testid="softphone-link">{linkTag}</span>}
      data-testid="softphone-panel"
    >
      {snap.error && (
        <Alert type="error" showIcon title={snap.error} style={{ marginBottom: 12 }} />
      )}
      {call && call.state !== 'ended' ? (
        <div style={{ marginBottom: 12 }} data-testid="softphone-call">
          <Space wrap>
            <Typography.Text strong data-testid="softphone-number">
              {call.number ?? t('unknownCaller')}
            </Typography.Text>
            <Tag color={call.state === 'active' ? 'green' : 'blue'} data-testid="softphone-state">
              {t(STATE_LABEL[call.state] ?? 'callActive')}
            </Tag>
            {live && (
              <Typography.Text type="secondary" data-testid="softphone-packets">
                {t('packetsReceived')} {packets}
              </Typography.Text>
            )}
          </Space>
        </div>
      ) : (
        <Typography.Paragraph type="secondary" data-testid="softphone-idle">
          {call?.state === 'ended' ? `${t('callEnded')} · ` : ''}
          {t('softphoneIdle')}
        </Typography.Paragraph>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        {call?.state === 'ringing' ? (
          <Button
            type="primary"
            icon={<PhoneOutlined />}
            onClick={() => void phone.answer()}
            data-testid="softphone-answer"
          >
            {t('answer')}
          </Button>
        ) : null}
        <Button
          danger
          icon={<PhoneOutlined rotate={135} />}
          disabled={!call || call.state === 'ended'}
          onClick={() => phone.hangup()}
          data-testid="softphone-hangup"
        >
          {call?.state === 'ringing' ? t('reject') : t('hangUp')}
        </Button>
        <Button
          icon={call?.muted ? <AudioMutedOutlined /> : <AudioOutlined />}
          disabled={!live}
          onClick={() => phone.mute(!call?.muted)}
          data-testid="softphone-mute"
        >
          {call?.muted ? t('unmute') : t('mute')}
        </Button>
        <Button
          icon={call?.state === 'held' ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
          disabled={!live}
          onClick={() => phone.hold(call?.state !== 'held')}
          data-testid="softphone-hold"
        >
          {call?.state === 'held' ? t('resume') : t('hold')}
        </Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        {KEYS.map((d) => (
          <Button
            key={d}
            disabled={call?.state !== 'active'}
            style={{ width: 44 }}
            onClick={() => phone.dtmf(d)}
            data-testid={`softphone-key-${d === '*' ? 'star' : d === '#' ? 'hash' : d}`}
          >
            {d}
          </Button>
        ))}
      </Space>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          placeholder={t('transferTarget')}
          value={target}
          disabled={!live}
          onChange={(e) => setTarget(e.target.value)}
        />
        <Button
          icon={<SwapOutlined />}
          disabled={!live || !target.trim()}
          onClick={() => phone.transfer(target.trim())}
        >
          {t('transfer')}
        </Button>
      </Space.Compact>
    </Card>
  );
}
