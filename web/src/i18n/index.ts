export { DICT, type DictKey, type Lang } from './dict.ts';
export { I18nProvider, translate, useI18n } from './i18n.tsx';
