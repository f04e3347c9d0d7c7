import type { Alert, BreakdownKey, BreakdownRow, MetricResult } from './evaluation.types.ts';

// Red-line alerts (METRICS.md "Scorecard"): every metric in breach, the breakdown row where it is
// worst, and a suggested action in Chinese and English.

const ACTIONS: Record<string, { zh: string; en: string }> = {
  complaint_rate: {
    zh: '抽查投诉最多的坐席/活动的录音，复训话术，并检查外呼名单质量。',
    en: 'Review recordings of the agents / campaigns with most complaints, retrain scripts, check list quality.',
  },
  harassment_rate: {
    zh: '收紧频次上限（同一号码每日/每周呼叫次数），尊重拒呼名单。',
    en: 'Tighten frequency caps (calls per number per day / week) and honour do-not-call requests.',
  },
  inbound_queue_wait: {
    zh: '按 Erlang A 排班计划在高峰时段增加坐席，或开启回呼/溢出。',
    en: 'Add agents in the peak hour per the Erlang A staffing plan, or enable call-back / overflow.',
  },
  availability: {
    zh: '排查故障组件，增加冗余节点，缩短健康检查间隔。',
    en: 'Investigate the failing components, add a redundant node, shorten health-check intervals.',
  },
  mttr: {
    zh: '完善告警与值班制度，编写故障处理手册并演练自动切换。',
    en: 'Improve alerting and on-call, write runbooks and rehearse automatic fail-over.',
  },
  dial_latency: {
    zh: '检查中继与运营商路由，就近部署媒体节点，减少平台内处理时间。',
    en: 'Check trunk and carrier routing, place media nodes closer, cut platform processing time.',
  },
  ivr_response_time: {
    zh: '预加载提示音，减少 IVR 流程中的外部查询。',
    en: 'Pre-load prompts and cut external look-ups inside IVR flows.',
  },
  voice_clarity: {
    zh: '检查丢包与抖动最大的线路/地区，调整中继或网络质量保障。',
    en: 'Check the routes / regions with most loss and jitter; change trunk or network QoS.',
  },
  encryption_compliance: {
    zh: '对未加密的敏感字段执行加密迁移，并在写入路径强制加密。',
    en: 'Run an encryption migration on the plain sensitive fields and enforce sealing on write.',
  },
  access_control_effectiveness: {
    zh: '立即审查越权访问记录，收紧角色权限并通报数据泄露事件。',
    en: 'Review out-of-scope accesses at once, tighten role permissions, report any data leak.',
  },
  connection_rate: {
    zh: '对接通率低的省份调整呼叫时段或更换外显号码。',
    en: 'For provinces with a low connection rate, change the calling window or the caller ID.',
  },
};

const DEFAULT_ACTION = {
  zh: '查看最差维度的明细并制定改进计划。',
  en: 'Look at the worst breakdown and plan an improvement.',
};

/** The breakdown a worst row comes from, for the Chinese message ("最差 hour" was shown raw). */
const BY_ZH: Record<string, string> = {
  agent: '坐席',
  team: '团队',
  campaign: '活动',
  queue: '队列',
  province: '省份',
  carrier: '运营商',
  hour: '时段',
  day: '日期',
};

export interface AlertContext {
  breakdowns: Partial<Record<BreakdownKey, BreakdownRow[]>>;
  /** Staffing-plan link for the peak-hour wait alert. */
  staffingLink?: string;
}

const fmt = (m: MetricResult, v: number): string => {
  switch (m.unit) {
    case 'ratio':
      return `${(v * 100).toFixed(2)}%`;
    case 'seconds':
      return `${v.toFixed(1)} s`;
    case 'ms':
      return `${v.toFixed(0)} ms`;
    case 'calls':
    case 'points':
    case 'currency':
    case 'count':
      return v.toFixed(2);
  }
};

/** Worst row of the breakdowns for a metric, among rows with at least `minDenominator` cases. */
export function worstRow(
  metric: MetricResult,
  breakdowns: Partial<Record<BreakdownKey, BreakdownRow[]>>,
  minDenominator = 30,
): Alert['worst'] {
  let worst: Alert['worst'] = null;
  for (const [by, rows] of Object.entries(breakdowns) as [BreakdownKey, BreakdownRow[]][]) {
    for (const row of rows) {
      const cell = row.metrics[metric.id];
      if (!cell || cell.value === null || row.key === '') continue;
      if ((cell.denominator ?? 0) < minDenominator) continue;
      const worse =
        !worst ||
        (metric.direction === 'higher' ? cell.value < worst.value : cell.value > worst.value);
      if (worse) worst = { by, key: row.key, label: row.label, value: cell.value };
    }
  }
  return worst;
}

export function buildAlerts(metrics: MetricResult[], ctx: AlertContext): Alert[] {
  const alerts: Alert[] = [];
  for (const m of metrics) {
    if (m.status !== 'breach' || m.redLine === null) continue;
    const peak =
      m.id === 'inbound_queue_wait'
        ? (m.details?.peak as { hour: number; meanWaitSeconds: number | null } | null | undefined)
        : undefined;
    const value = peak?.meanWaitSeconds ?? m.value ?? 0;
    const worst = peak
      ? {
          by: 'hour' as const,
          key: String(peak.hour),
          label: `${String(peak.hour).padStart(2, '0')}:00–${String(peak.hour + 1).padStart(2, '0')}:00`,
          value: peak.meanWaitSeconds ?? 0,
        }
      : worstRow(m, ctx.breakdowns);
    const action = ACTIONS[m.id] ?? DEFAULT_ACTION;
    const where = worst ? `; worst ${worst.by} ${worst.label}: ${fmt(m, worst.value)}` : '';
    const whereZh = worst
      ? `；最差${BY_ZH[worst.by] ?? worst.by} ${worst.label}：${fmt(m, worst.value)}`
      : '';
    const subject = peak ? '高峰时段平均排队' : m.zh;
    const subjectEn = peak ? 'Peak-hour mean queue wait' : m.en;
    alerts.push({
      metric: m.id,
      zh: m.zh,
      en: m.en,
      value,
      redLine: m.redLine,
      worst,
      message: {
        zh: `${subject} ${fmt(m, value)} 越过红线 ${fmt(m, m.redLine)}${whereZh}`,
        en: `${subjectEn} ${fmt(m, value)} is past the red line ${fmt(m, m.redLine)}${where}`,
      },
      action: {
        ...action,
        ...(m.id === 'inbound_queue_wait' && ctx.staffingLink ? { link: ctx.staffingLink } : {}),
      },
    });
  }
  return alerts;
}
