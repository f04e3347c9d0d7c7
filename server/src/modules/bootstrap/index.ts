export {
  bootstrap,
  credentialsMessage,
  DEMO_FILES,
  loadDemoData,
  type BootstrapOptions,
  type BootstrapResult,
  type Credential,
  type DemoFile,
} from './bootstrap.service.ts';
