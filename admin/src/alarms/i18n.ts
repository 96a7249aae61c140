/** Words of the alarms page. */
export const alarmsZh = {
  'alarms.title': 'alarms',
} as const;
export const alarmsEn: Record<keyof typeof alarmsZh, string> = {
  'alarms.title': 'alarms',
};
