export { loadConfig, describeConfig, configurationMarkdown } from './load-config.ts';
export { SETTINGS, type Config, type SettingSpec } from './config.schema.ts';
