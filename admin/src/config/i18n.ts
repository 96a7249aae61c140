/** Words of the config page. */
export const configZh = {
  'config.title': 'config',
} as const;
export const configEn: Record<keyof typeof configZh, string> = {
  'config.title': 'config',
};
