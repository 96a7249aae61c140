/** The OpenAPI 3.1 description of the public REST API (brief §6), served at /api/v1/openapi.json. */
import { ERROR_CODES, PRIORITY_CLASSES } from '@hallq/shared';
import { adminConfigPaths } from './admin-config.ts';
import { alarmPaths } from './alarms.ts';
import { historyPaths } from './history.ts';
import { errors, json, ref } from './openapi-parts.ts';
import { reportPaths } from './reports.ts';
import { staffPaths } from './staff.ts';
import { workOrderPaths } from './work-orders.ts';

const commandOk = {
  description: 'Accepted',
  content: json({ type: 'object', properties: { data: ref('CommandReply') } }),
};
const idempotency = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Retry with the same key returns the first reply and applies nothing twice.',
  schema: { type: 'string', minLength: 8, maxLength: 100 },
};
const ticketPath = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', example: '20261124-A001' },
};
const devicePath = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', example: 'kiosk-3f9a2c01' },
};
const adminErrors = {
  '400': {
    description: 'Malformed input or an invalid binding for the role (details.problems lists each)',
    content: json(ref('Error')),
  },
  '401': errors['401'],
  '403': { description: 'Not the hall administrator', content: json(ref('Error')) },
  '404': { description: 'No such device', content: json(ref('Error')) },
  '409': { description: 'The device is revoked (wrong_state)', content: json(ref('Error')) },
  '507': errors['507'],
};
const deviceBody = (required: readonly string[]): object =>
  json({
    type: 'object',
    required: [...required],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 60, example: '一楼取号机 1' },
      role: { enum: ['kiosk', 'display', 'counter', 'rating'] },
      windowId: {
        type: ['integer', 'null'],
        minimum: 1,
        description:
          'Required for counter and rating (an existing window); null for kiosk and display (a window screen uses binding.screen "window:N")',
      },
      binding: ref('Binding'),
      pin: {
        type: 'string',
        pattern: '^\\d{4,12}$',
        description:
          'Exit PIN of a locked-down kiosk, display or rating pad; stored only as binding.lockdown.pinHash = scrypt$<salt base64>$<hash base64> (salt 16 bytes, N=16384, r=8, p=1, 32-byte key). Left out on PATCH: the PIN stays.',
      },
    },
  });
const deviceReply = (description: string): object => ({
  description,
  content: json({
    type: 'object',
    properties: { data: { type: 'object', properties: { device: ref('DeviceSummary') } } },
  }),
});
const pairingReply = {
  description:
    'The pairing code, shown once: the hall client pairs with it within 15 minutes, once. A new code of the device replaces its unused ones.',
  content: json({
    type: 'object',
    properties: { data: { type: 'object', properties: { pairing: ref('PairingCode') } } },
  }),
};
const windowPath = {
  name: 'windowId',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 1 },
};

/** @returns the OpenAPI document. */
export function openApiDocument(version: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'HallQ 大厅排队叫号 API',
      version,
      description:
        'Integration surface for booking platforms, 一窗受理 case systems, 电子监察 and the city centre. ' +
        'Errors are { "error": { "code", "message" } }. Authenticate with a bearer token: a staff session ' +
        '(POST /auth/login), a device token, or an integration API key.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { enum: [...ERROR_CODES] },
                message: { type: 'string' },
                details: { type: 'object' },
              },
            },
          },
        },
        PrinterStatus: {
          type: 'object',
          properties: {
            online: { type: 'boolean' },
            coverOpen: { type: 'boolean' },
            paperNearEnd: { type: 'boolean' },
            paperOut: { type: 'boolean' },
            cutterError: { type: 'boolean' },
          },
        },
        PrintResult: {
          type: 'object',
          required: ['printed', 'status'],
          properties: {
            printed: { type: 'boolean' },
            reason: { enum: ['offline', 'paper_out', 'cover_open', 'error'] },
            status: { oneOf: [ref('PrinterStatus'), { type: 'null' }] },
            message: { type: 'string' },
          },
        },
        PrinterReport: {
          type: 'object',
          properties: {
            deviceId: { type: 'string' },
            name: { type: 'string' },
            printerUrl: { type: 'string', example: 'tcp://192.168.1.50:9100' },
            paper: { enum: [58, 80] },
            status: { oneOf: [ref('PrinterStatus'), { type: 'null' }] },
            printed: { type: 'boolean' },
            reason: { enum: ['offline', 'paper_out', 'cover_open', 'error', null] },
            message: { type: ['string', 'null'] },
            at: { type: 'integer', description: 'ms since epoch' },
            ticketId: { type: 'string' },
          },
        },
        Ticket: {
          type: 'object',
          properties: {
            id: { type: 'string', example: '20261124-A001' },
            number: { type: 'string', example: 'A001' },
            businessDay: { type: 'string', format: 'date' },
            serviceId: { type: 'string' },
            priority: { enum: [...PRIORITY_CLASSES] },
            state: {
              enum: ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'suspended'],
            },
            windowId: { type: ['integer', 'null'] },
            targetWindowId: { type: ['integer', 'null'] },
            issuedAt: { type: 'integer', description: 'ms since epoch' },
            calledAt: { type: ['integer', 'null'] },
            startedAt: { type: ['integer', 'null'] },
            finishedAt: { type: ['integer', 'null'] },
            recallCount: { type: 'integer' },
            transferCount: { type: 'integer' },
          },
        },
        TicketInfo: {
          type: 'object',
          properties: {
            ticket: ref('Ticket'),
            ahead: { type: 'integer', description: 'people ahead in its queue' },
            estimatedWaitMs: {
              type: ['integer', 'null'],
              description: 'null when no window is open',
            },
          },
        },
        LoggedEvent: {
          type: 'object',
          properties: {
            seq: { type: 'integer' },
            businessDay: { type: 'string' },
            actor: { type: 'string' },
            event: {
              type: 'object',
              properties: { type: { type: 'string' }, at: { type: 'integer' } },
            },
          },
        },
        CommandReply: {
          type: 'object',
          properties: {
            seq: { type: 'integer' },
            events: { type: 'array', items: ref('LoggedEvent') },
            ticket: { oneOf: [ref('TicketInfo'), { type: 'null' }] },
          },
        },
        Binding: {
          type: 'object',
          description:
            "Per role (shared/src/protocol/devices.ts), defaults filled in. kiosk: printerUrl (tcp://, serial://, usb://, spooler:// or null), paper 58|80, printMaterials, footer, footerEn, lockdown. display: screen ('hall', 'zone:A', 'window:5'), audio (null = the screen's default, 'all', 'none', 'floor:1,4', 'zone:A,B'), monitor ({index} or {displayId}), lockdown. counter: keypad ({kind: keyboard} | {kind: hid, vendorId, productId} | {kind: serial, path, baudRate}), fullscreen, monitor. rating: monitor, lockdown. lockdown: { pinHash (set by the server from pin; null in requests), fullscreen, hideCursor, autostart }.",
          additionalProperties: true,
        },
        DeviceSummary: {
          type: 'object',
          description: 'A device as the admin sees it: never a token, token hash or PIN hash.',
          properties: {
            deviceId: { type: 'string' },
            name: { type: 'string' },
            role: { enum: ['kiosk', 'display', 'counter', 'rating'] },
            windowId: { type: ['integer', 'null'] },
            binding: ref('Binding'),
            hasPin: { type: 'boolean' },
            version: { type: 'integer', description: 'raised on every change' },
            createdAt: { type: 'integer', description: 'ms since epoch' },
            updatedAt: { type: 'integer' },
            pairedAt: { type: ['integer', 'null'], description: 'null = never paired' },
            lastSeenAt: { type: ['integer', 'null'] },
            client: {
              oneOf: [
                {
                  type: 'object',
                  properties: {
                    hostname: { type: 'string' },
                    platform: { type: 'string' },
                    version: { type: 'string' },
                  },
                },
                { type: 'null' },
              ],
            },
            revoked: { type: 'boolean' },
            pairing: {
              description: 'The live pairing code (its times only), or null',
              oneOf: [
                {
                  type: 'object',
                  properties: { createdAt: { type: 'integer' }, expiresAt: { type: 'integer' } },
                },
                { type: 'null' },
              ],
            },
          },
        },
        DeviceConfig: {
          type: 'object',
          description:
            'What a paired hall client receives (GET /device, device:config on Socket.IO)',
          properties: {
            deviceId: { type: 'string' },
            name: { type: 'string' },
            role: { enum: ['kiosk', 'display', 'counter', 'rating'] },
            windowId: { type: ['integer', 'null'] },
            binding: ref('Binding'),
            version: { type: 'integer', description: 'raised on every change; compare it' },
            hallName: { type: 'string' },
          },
        },
        PairingCode: {
          type: 'object',
          properties: {
            code: { type: 'string', example: '4827-1936', description: '8 digits, shown once' },
            createdAt: { type: 'integer', description: 'server time, ms since epoch' },
            expiresAt: { type: 'integer', description: 'createdAt + 15 minutes' },
          },
        },
        PairReply: {
          type: 'object',
          properties: {
            token: {
              type: 'string',
              description:
                'The device token (32 random bytes, base64url) for REST and Socket.IO; the previous token of the device stops working',
            },
            config: ref('DeviceConfig'),
          },
        },
        QueueStats: {
          type: 'object',
          properties: {
            serviceId: { type: 'string' },
            zoneId: { type: 'string' },
            waiting: { type: 'integer' },
            longestWaitMs: { type: 'integer' },
            estimatedWaitMs: { type: ['integer', 'null'] },
            openWindows: { type: 'number' },
            issued: { type: 'integer' },
            quotaLeft: { type: ['integer', 'null'] },
            quotaWarning: { type: 'boolean' },
          },
        },
      },
    },
    security: [{ bearer: [] }, {}],
    paths: {
      '/api/v1/health': {
        get: {
          summary: 'Health: { status, version, store, seq }',
          security: [],
          responses: { '200': { description: 'OK' } },
        },
      },
      '/api/v1/auth/login': {
        post: {
          summary:
            'Staff sign-in (工号 + password); a clerk signs in to their window, which opens it',
          security: [],
          requestBody: {
            content: json({
              type: 'object',
              required: ['staffId', 'password'],
              properties: {
                staffId: { type: 'string' },
                password: { type: 'string' },
                windowId: { type: 'integer' },
              },
            }),
          },
          responses: { '200': { description: 'token, expiresAt, staff, window' }, ...errors },
        },
      },
      '/api/v1/auth/logout': {
        post: {
          summary: 'Sign out (closes an idle window)',
          responses: { '200': { description: 'OK' }, ...errors },
        },
      },
      '/api/v1/auth/me': {
        get: {
          summary: 'Who the token belongs to',
          responses: { '200': { description: 'The actor' }, ...errors },
        },
      },
      '/api/v1/hall': {
        get: {
          summary: 'Hall configuration: floors, zones, services, windows',
          responses: { '200': { description: 'HallConfig' } },
        },
      },
      '/api/v1/queues': {
        get: {
          summary: 'Per service: waiting count, longest wait, estimated wait',
          responses: {
            '200': {
              description: 'OK',
              content: json({
                type: 'object',
                properties: { data: { type: 'array', items: ref('QueueStats') } },
              }),
            },
          },
        },
      },
      '/api/v1/figures': {
        get: {
          summary:
            "Today's figures: served, no-shows, handling and wait, ratings and 好评率 (a clerk's own; managers name a window)",
          parameters: [{ name: 'windowId', in: 'query', schema: { type: 'integer', minimum: 1 } }],
          responses: { '200': { description: 'DayFigures' }, ...errors },
        },
      },
      '/api/v1/windows': {
        get: { summary: 'State of every window', responses: { '200': { description: 'OK' } } },
      },
      '/api/v1/tickets': {
        post: {
          summary: 'Issue a ticket',
          parameters: [idempotency],
          requestBody: {
            content: json({
              type: 'object',
              required: ['serviceId'],
              properties: {
                serviceId: { type: 'string' },
                priority: { enum: [...PRIORITY_CLASSES], default: 'normal' },
                idNumber: {
                  type: 'string',
                  description:
                    '18-character resident ID, for per-person limits; stored only as a keyed hash and masked',
                },
                appointmentId: { type: 'string' },
                idempotencyKey: { type: 'string' },
              },
            }),
          },
          responses: { '201': commandOk, ...errors },
        },
      },
      '/api/v1/tickets/{id}': {
        get: {
          summary: "A ticket's state and position",
          parameters: [ticketPath],
          responses: {
            '200': {
              description: 'OK',
              content: json({ type: 'object', properties: { data: ref('TicketInfo') } }),
            },
            ...errors,
          },
        },
      },
      '/api/v1/tickets/{id}/{action}': {
        post: {
          summary:
            'recall, start, complete, no-show, reactivate, transfer, suspend, resume, cancel',
          parameters: [
            ticketPath,
            {
              name: 'action',
              in: 'path',
              required: true,
              schema: {
                enum: [
                  'recall',
                  'start',
                  'complete',
                  'no-show',
                  'reactivate',
                  'transfer',
                  'suspend',
                  'resume',
                  'cancel',
                ],
              },
            },
            idempotency,
          ],
          requestBody: {
            required: false,
            content: json({
              type: 'object',
              description: 'transfer: toServiceId and/or toWindowId, note',
              properties: {
                toServiceId: { type: 'string' },
                toWindowId: { type: 'integer' },
                note: { type: 'string' },
                idempotencyKey: { type: 'string' },
              },
            }),
          },
          responses: { '200': commandOk, ...errors },
        },
      },
      '/api/v1/windows/{windowId}/{action}': {
        post: {
          summary:
            'call-next, call (body ticketId: 特呼), open, close, pause (body reason), resume',
          parameters: [
            windowPath,
            {
              name: 'action',
              in: 'path',
              required: true,
              schema: { enum: ['call-next', 'call', 'open', 'close', 'pause', 'resume'] },
            },
            idempotency,
          ],
          requestBody: {
            required: false,
            content: json({
              type: 'object',
              properties: {
                ticketId: { type: 'string' },
                reason: { type: 'string' },
                idempotencyKey: { type: 'string' },
              },
            }),
          },
          responses: { '200': commandOk, ...errors },
        },
      },
      '/api/v1/day/close': {
        post: {
          summary: 'Close the business day once its close time has passed (admin, manager)',
          responses: { '200': commandOk, ...errors },
        },
      },
      '/api/v1/print/tickets/{id}': {
        post: {
          summary:
            "Print a ticket on the kiosk's network printer (kiosk device tokens only; the printer is the device binding's printerUrl, never one from the request)",
          parameters: [ticketPath],
          requestBody: {
            required: false,
            content: json({
              type: 'object',
              properties: { lang: { enum: ['zh-CN', 'en'], default: 'zh-CN' } },
            }),
          },
          responses: {
            '200': {
              description:
                'The print result: printed only when the printer reported a good status after the job (near end of paper is printed, with status.paperNearEnd)',
              content: json({ type: 'object', properties: { data: ref('PrintResult') } }),
            },
            ...errors,
          },
        },
      },
      '/api/v1/devices/printers': {
        get: {
          summary: "Each kiosk printer's last job and status (admin, manager)",
          responses: {
            '200': {
              description: 'OK',
              content: json({
                type: 'object',
                properties: { data: { type: 'array', items: ref('PrinterReport') } },
              }),
            },
            ...errors,
          },
        },
      },
      '/api/v1/devices': {
        get: {
          summary: 'Every device with its binding, pairing and last sighting (admin, manager)',
          responses: {
            '200': {
              description: 'OK',
              content: json({
                type: 'object',
                properties: { data: { type: 'array', items: ref('DeviceSummary') } },
              }),
            },
            '401': errors['401'],
            '403': { description: 'Not an administrator or manager', content: json(ref('Error')) },
          },
        },
        post: {
          summary:
            'Register a kiosk, call screen, counter or rating pad and get its first pairing code (admin)',
          requestBody: { required: true, content: deviceBody(['name', 'role']) },
          responses: {
            '201': {
              description:
                'The device and its pairing code (shown once, valid 15 minutes, pairs once)',
              content: json({
                type: 'object',
                properties: {
                  data: {
                    type: 'object',
                    properties: { device: ref('DeviceSummary'), pairing: ref('PairingCode') },
                  },
                },
              }),
            },
            ...adminErrors,
          },
        },
      },
      '/api/v1/devices/{id}': {
        patch: {
          summary:
            "Change a device's name, window, binding or exit PIN (admin); the version rises and a connected device receives device:config",
          parameters: [devicePath],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              additionalProperties: false,
              description:
                'Only what changes; binding replaces the whole binding (role defaults fill the rest); the role cannot change',
              properties: {
                name: { type: 'string', minLength: 1, maxLength: 60 },
                windowId: { type: ['integer', 'null'], minimum: 1 },
                binding: ref('Binding'),
                pin: { type: 'string', pattern: '^\\d{4,12}$' },
              },
            }),
          },
          responses: { '200': deviceReply('The changed device'), ...adminErrors },
        },
      },
      '/api/v1/devices/{id}/pairing-code': {
        post: {
          summary:
            'A new pairing code for a device (re-pair, e.g. new hardware); its older unused codes stop working (admin)',
          parameters: [devicePath],
          responses: { '201': pairingReply, ...adminErrors },
        },
      },
      '/api/v1/devices/{id}/revoke': {
        post: {
          summary:
            'Revoke a device: its token answers 401, its sockets are disconnected, its codes dropped (admin; repeating it changes nothing)',
          parameters: [devicePath],
          responses: { '200': deviceReply('The revoked device'), ...adminErrors },
        },
      },
      '/api/v1/pair': {
        post: {
          summary:
            'A hall client pairs with the code the admin read out; no token needed (at most 10 wrong codes per address in 10 minutes)',
          security: [],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['code'],
              additionalProperties: false,
              properties: {
                code: {
                  type: 'string',
                  example: '4827-1936',
                  description: '8 digits; spaces and dashes are ignored',
                },
                client: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    hostname: { type: 'string', maxLength: 100 },
                    platform: { type: 'string', maxLength: 40 },
                    version: { type: 'string', maxLength: 40 },
                  },
                },
              },
            }),
          },
          responses: {
            '200': {
              description: 'Paired: the device token and configuration',
              content: json({ type: 'object', properties: { data: ref('PairReply') } }),
            },
            '400': {
              description:
                'validation (malformed request) or pairing_code_invalid (no such code: typo, or replaced by a newer code)',
              content: json(ref('Error')),
            },
            '410': {
              description:
                'pairing_code_expired: the code expired (15 minutes) or was already used',
              content: json(ref('Error')),
            },
            '429': {
              description:
                'too_many_attempts: 10 wrong codes from this address within 10 minutes; Retry-After and details.retryAfterSec say when to try again',
              content: json(ref('Error')),
            },
            '507': errors['507'],
          },
        },
      },
      '/api/v1/device': {
        get: {
          summary:
            "The calling device's configuration (device token); also records that it was seen (to the minute)",
          responses: {
            '200': {
              description: 'OK',
              content: json({ type: 'object', properties: { data: ref('DeviceConfig') } }),
            },
            '401': {
              description: 'Invalid token, revoked device, or a token replaced by a re-pairing',
              content: json(ref('Error')),
            },
            '403': { description: 'Not a device token', content: json(ref('Error')) },
          },
        },
      },
      '/api/v1/events': {
        get: {
          summary: 'The event log, paged (managers and integrations)',
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            },
          ],
          responses: {
            '200': {
              description:
                'Events with seq > after, oldest first; next is the link to the following page or null',
              content: json({
                type: 'object',
                properties: {
                  data: { type: 'array', items: ref('LoggedEvent') },
                  next: { type: ['string', 'null'] },
                  seq: { type: 'integer' },
                },
              }),
            },
            ...errors,
          },
        },
      },
      ...adminConfigPaths,
      ...staffPaths,
      ...alarmPaths,
      ...historyPaths,
      ...reportPaths,
      ...workOrderPaths,
    },
  };
}
