/** Words of the staff page. */
export const staffZh = {
  'staff.title': 'staff',
} as const;
export const staffEn: Record<keyof typeof staffZh, string> = {
  'staff.title': 'staff',
};
