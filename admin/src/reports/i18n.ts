/** Words of the reports page. */
export const reportsZh = {
  'reports.title': 'reports',
} as const;
export const reportsEn: Record<keyof typeof reportsZh, string> = {
  'reports.title': 'reports',
};
