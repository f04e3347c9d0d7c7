// Public surface of modules/inbound: the inbound call service (service number → IVR → queue →
// agent → bridged, recorded call with a complete call record), the agents' desk per tenant,
// queue settings and the demo provisioning behind service number 4000.
export {
  InboundService,
  callerNumber,
  dialledNumber,
  inboundOf,
  startInboundService,
  stopInboundService,
  type InboundServiceOptions,
} from './inbound.service.ts';
export { AgentDesk, type DeskHooks } from './agent-desk.ts';
export { QueueCall } from './queue-call.ts';
export {
  listQueues,
  loadQueue,
  queueSettingsSchema,
  saveQueue,
  type QueueDef,
  type QueueSettings,
} from './queues.ts';
export {
  createQueue,
  deleteQueue,
  getQueueForAdmin,
  listQueuesForAdmin,
  queueCreateSchema,
  queuePatchSchema,
  updateQueue,
  type QueueAdminView,
  type QueueCreate,
  type QueuePatch,
} from './queue-admin.ts';
export { holdMusic } from './hold-music.ts';
export {
  DEMO_EXTENSIONS,
  DEMO_SERVICE_NUMBER,
  provisionDemoInbound,
  type DemoInbound,
} from './demo-provision.ts';
export { queueSnapshot, type QueueSnapshot } from './snapshot.ts';
export { findRecording, recordingStream, type RecordingFile } from './recording-access.ts';
export { monitorCall, type MonitorRequest, type MonitorView } from './monitor.ts';
