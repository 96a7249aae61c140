/** Building blocks of the OpenAPI document, shared by the modules that add paths to it. */
export const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object): object => ({ 'application/json': { schema } });
export const errors = {
  '400': { description: 'Malformed input', content: json(ref('Error')) },
  '401': { description: 'Missing, invalid or expired token', content: json(ref('Error')) },
  '403': { description: 'Role or window may not do this', content: json(ref('Error')) },
  '404': { description: 'Not found', content: json(ref('Error')) },
  '409': {
    description: 'Refused by the queue rules (wrong state, quota, hours …)',
    content: json(ref('Error')),
  },
  '503': { description: 'Could not be saved; nothing changed', content: json(ref('Error')) },
  '507': { description: 'Server disk full; nothing changed', content: json(ref('Error')) },
};
