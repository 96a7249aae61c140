/**
 * The demo hall: 玉山县行政服务中心 as laid out in seed `000_1dd42c6184f217f4.txt`
 * (三、功能布局) — floors 1, 4 and 5, zones A–G, 108 windows numbered hall-wide in zone order.
 *
 * Ticket prefixes. Each zone's first service carries the zone letter; the other services of
 * zones A–F take the remaining letters, skipping I and O (they read as 1 and 0 on a ticket).
 * That leaves 24 single letters for the 24 services of zones A–F, so zone G (项目审批, low
 * volume, mostly by appointment) uses two-letter pinyin initials:
 *
 * | zone | prefixes                                                                      |
 * | ---- | ----------------------------------------------------------------------------- |
 * | A    | A 转移登记 · H 抵押登记 · J 登记查询 · K 水电气过户 · Q 契税缴纳                   |
 * | B    | B 社保参保 · L 社保待遇 · M 医保 · G 公积金 · N 就业登记                           |
 * | C    | C 企业设立 · R 企业变更 · S 企业注销 · Z 刻章                                     |
 * | D    | D 综合受理 · P 证明开具 · T 民政事项                                              |
 * | E    | E 发票申领 · U 纳税申报 · V 税务登记                                              |
 * | F    | F 户籍 · W 出入境 · X 交管 · Y 公证法律援助                                       |
 * | G    | XM 项目立项 · JS 工程建设许可 · SG 施工许可                                       |
 */
import type {
  Assignment,
  AssignmentRole,
  Calendar,
  Floor,
  HallConfig,
  Service,
  WindowDef,
  WindowKind,
  Zone,
} from '../domain/model.ts';
import { floorId, serviceId, windowId, zoneId } from '../domain/ids.ts';
import { addDays } from '../domain/time.ts';

/** Id of the demo hall. */
export const DEMO_HALL_ID = 'yushan';

/** Which services a group of windows serves: every service of its zone, or a list of slugs. */
type Selection = 'zone' | readonly string[];

/** A run of consecutive windows of one kind in a zone, all with the same assignments. */
interface WindowGroup {
  readonly kind: WindowKind;
  readonly count: number;
  readonly primary: Selection;
  /** Secondary services; those also primary are left out. */
  readonly secondary?: Selection;
}

type ServiceSpec = Pick<
  Service,
  'name' | 'nameEn' | 'prefix' | 'expectedHandlingMin' | 'bookable'
> &
  Partial<Omit<Service, 'id' | 'zoneId'>> & { readonly slug: string };

interface ZoneSpec extends Omit<Zone, 'id' | 'floorId'> {
  readonly id: string;
  readonly floor: number;
  readonly services: readonly ServiceSpec[];
  readonly windows: readonly WindowGroup[];
}

const FLOORS: readonly Floor[] = [
  { id: floorId(1), name: '一楼', nameEn: '1st floor' },
  { id: floorId(4), name: '四楼', nameEn: '4th floor' },
  { id: floorId(5), name: '五楼', nameEn: '5th floor' },
];

const ID_CARD = '居民身份证原件';
const ID_CARD_EN = 'Resident identity card (original)';
const BUSINESS_LICENCE = '营业执照副本';
const BUSINESS_LICENCE_EN = 'Business licence (duplicate copy)';

const ZONES: readonly ZoneSpec[] = [
  {
    id: 'A',
    floor: 1,
    name: '不动产登记专区',
    nameEn: 'Real Estate Registration',
    location: '一楼大厅中央',
    locationEn: '1st floor, centre of the main hall',
    services: [
      {
        slug: 'bdc-transfer',
        name: '不动产转移登记',
        nameEn: 'Real estate transfer registration',
        prefix: 'A',
        expectedHandlingMin: 25,
        bookable: true,
        dailyQuota: 150,
        quotaWarning: 130,
        materials: [
          '买卖双方身份证明',
          '不动产权证书',
          '不动产买卖合同',
          '完税凭证',
          '婚姻状况证明',
        ],
        materialsEn: [
          "Buyer's and seller's proof of identity",
          'Real estate title certificate',
          'Sale contract',
          'Tax payment certificate',
          'Proof of marital status',
        ],
      },
      {
        slug: 'bdc-mortgage',
        name: '不动产抵押登记',
        nameEn: 'Real estate mortgage registration',
        prefix: 'H',
        expectedHandlingMin: 20,
        bookable: true,
        materials: ['抵押人及抵押权人身份证明', '不动产权证书', '抵押合同及主债权合同'],
        materialsEn: [
          "Mortgagor's and mortgagee's proof of identity",
          'Real estate title certificate',
          'Mortgage contract and principal loan contract',
        ],
      },
      {
        slug: 'bdc-query',
        name: '不动产登记查询',
        nameEn: 'Real estate register enquiry',
        prefix: 'J',
        expectedHandlingMin: 5,
        bookable: false,
        perPersonDailyLimit: 3,
        materials: [ID_CARD],
        materialsEn: [ID_CARD_EN],
      },
      {
        slug: 'utility-transfer',
        name: '水电气过户（一链办理）',
        nameEn: 'Water, power and gas account transfer (one-stop)',
        prefix: 'K',
        expectedHandlingMin: 10,
        bookable: false,
        materials: [ID_CARD, '不动产权证书或登记受理凭证', '水电气户号'],
        materialsEn: [
          ID_CARD_EN,
          'Real estate title certificate or registration receipt',
          'Water, power and gas account numbers',
        ],
      },
      {
        slug: 'deed-tax',
        name: '契税缴纳',
        nameEn: 'Deed tax payment',
        prefix: 'Q',
        expectedHandlingMin: 10,
        bookable: false,
        materials: [ID_CARD, '不动产买卖合同', '契税申报表'],
        materialsEn: [ID_CARD_EN, 'Sale contract', 'Deed tax return'],
      },
    ],
    windows: [
      { kind: 'general', count: 10, primary: 'zone' },
      { kind: 'standby', count: 3, primary: [], secondary: 'zone' },
      { kind: 'tax', count: 2, primary: ['deed-tax'], secondary: 'zone' },
      { kind: 'citizen', count: 7, primary: ['utility-transfer', 'bdc-query'] },
    ],
  },
  {
    id: 'B',
    floor: 1,
    name: '社会服务专区',
    nameEn: 'Social Services',
    location: '一楼大厅西侧',
    locationEn: '1st floor, west side of the main hall',
    services: [
      {
        slug: 'si-enrolment',
        name: '社保参保登记',
        nameEn: 'Social insurance enrolment',
        prefix: 'B',
        expectedHandlingMin: 10,
        bookable: true,
        materials: [ID_CARD, '劳动合同或灵活就业证明'],
        materialsEn: [ID_CARD_EN, 'Employment contract or proof of flexible employment'],
      },
      {
        slug: 'si-benefits',
        name: '社保待遇领取',
        nameEn: 'Social insurance benefit claims',
        prefix: 'L',
        expectedHandlingMin: 15,
        bookable: true,
        materials: [ID_CARD, '社会保障卡', '银行账户信息'],
        materialsEn: [ID_CARD_EN, 'Social security card', 'Bank account details'],
      },
      {
        slug: 'medical-insurance',
        name: '医保业务',
        nameEn: 'Medical insurance',
        prefix: 'M',
        expectedHandlingMin: 10,
        bookable: false,
      },
      {
        slug: 'housing-fund',
        name: '公积金提取',
        nameEn: 'Housing provident fund withdrawal',
        prefix: 'G',
        expectedHandlingMin: 15,
        bookable: true,
        materials: [ID_CARD, '本人银行卡', '购房合同或租房证明'],
        materialsEn: [ID_CARD_EN, 'Own bank card', 'House purchase contract or proof of rent'],
      },
      {
        slug: 'employment',
        name: '就业登记',
        nameEn: 'Employment registration',
        prefix: 'N',
        expectedHandlingMin: 8,
        bookable: false,
      },
    ],
    windows: [
      { kind: 'general', count: 16, primary: 'zone' },
      { kind: 'standby', count: 4, primary: [], secondary: 'zone' },
    ],
  },
  {
    id: 'C',
    floor: 1,
    name: '商事登记专区',
    nameEn: 'Business Registration',
    location: '一楼东侧',
    locationEn: '1st floor, east side',
    services: [
      {
        slug: 'company-setup',
        name: '企业设立登记',
        nameEn: 'Company formation',
        prefix: 'C',
        expectedHandlingMin: 25,
        bookable: true,
        materials: ['公司登记（备案）申请书', '公司章程', '股东主体资格证明', '住所使用证明'],
        materialsEn: [
          'Application for company registration',
          'Articles of association',
          "Shareholders' proof of legal status",
          'Proof of the right to use the registered address',
        ],
      },
      {
        slug: 'company-change',
        name: '企业变更登记',
        nameEn: 'Company change registration',
        prefix: 'R',
        expectedHandlingMin: 20,
        bookable: true,
        materials: [BUSINESS_LICENCE, '变更登记申请书', '股东会决议'],
        materialsEn: [
          BUSINESS_LICENCE_EN,
          'Application for change registration',
          "Shareholders' resolution",
        ],
      },
      {
        slug: 'company-deregister',
        name: '企业注销登记',
        nameEn: 'Company deregistration',
        prefix: 'S',
        expectedHandlingMin: 20,
        bookable: true,
      },
      {
        slug: 'seal',
        name: '刻章',
        nameEn: 'Company seal engraving',
        prefix: 'Z',
        expectedHandlingMin: 10,
        bookable: false,
        dailyQuota: 50,
        quotaWarning: 45,
        materials: [BUSINESS_LICENCE, '法定代表人身份证'],
        materialsEn: [BUSINESS_LICENCE_EN, "Legal representative's identity card"],
      },
    ],
    windows: [
      {
        kind: 'general',
        count: 8,
        primary: ['company-setup', 'company-change', 'company-deregister'],
      },
      {
        kind: 'standby',
        count: 1,
        primary: [],
        secondary: ['company-setup', 'company-change', 'company-deregister'],
      },
      { kind: 'seal', count: 1, primary: ['seal'] },
    ],
  },
  {
    id: 'D',
    floor: 1,
    name: '无差别受理区',
    nameEn: 'One-Window Intake',
    location: '一楼南侧',
    locationEn: '1st floor, south side',
    services: [
      {
        slug: 'general-intake',
        name: '综合受理（无差别）',
        nameEn: 'General intake (any department)',
        prefix: 'D',
        expectedHandlingMin: 15,
        bookable: false,
      },
      {
        slug: 'certificates',
        name: '证明开具',
        nameEn: 'Certificates and attestations',
        prefix: 'P',
        expectedHandlingMin: 8,
        bookable: false,
        perPersonDailyLimit: 3,
        materials: [ID_CARD],
        materialsEn: [ID_CARD_EN],
      },
      {
        slug: 'civil-affairs',
        name: '民政事项',
        nameEn: 'Civil affairs',
        prefix: 'T',
        expectedHandlingMin: 15,
        bookable: true,
      },
    ],
    windows: [
      // 无差别受理: besides its own services, D helps with the busiest simple items.
      { kind: 'general', count: 5, primary: 'zone', secondary: ['bdc-query', 'si-benefits'] },
      { kind: 'emergency', count: 1, primary: [], secondary: 'zone' },
    ],
  },
  {
    id: 'E',
    floor: 4,
    name: '办税服务专区',
    nameEn: 'Tax Services',
    location: '四楼大厅东侧、北侧',
    locationEn: '4th floor, east and north sides of the hall',
    services: [
      {
        slug: 'invoice',
        name: '发票申领',
        nameEn: 'Invoice issuance',
        prefix: 'E',
        expectedHandlingMin: 8,
        bookable: false,
        materials: [BUSINESS_LICENCE, '经办人身份证', '税控设备'],
        materialsEn: [BUSINESS_LICENCE_EN, "Agent's identity card", 'Tax control device'],
      },
      {
        slug: 'tax-filing',
        name: '纳税申报',
        nameEn: 'Tax filing',
        prefix: 'U',
        expectedHandlingMin: 12,
        bookable: true,
      },
      {
        slug: 'tax-registration',
        name: '税务登记',
        nameEn: 'Tax registration',
        prefix: 'V',
        expectedHandlingMin: 15,
        bookable: true,
      },
    ],
    windows: [
      { kind: 'general', count: 16, primary: 'zone' },
      { kind: 'emergency', count: 4, primary: [], secondary: 'zone' },
    ],
  },
  {
    id: 'F',
    floor: 4,
    name: '警务司法专区',
    nameEn: 'Police and Justice',
    location: '四楼西侧、南侧',
    locationEn: '4th floor, west and south sides',
    services: [
      {
        slug: 'household',
        name: '户籍业务',
        nameEn: 'Household registration and ID cards',
        prefix: 'F',
        expectedHandlingMin: 12,
        bookable: false,
        materials: ['居民户口簿', ID_CARD],
        materialsEn: ['Household register booklet', ID_CARD_EN],
      },
      {
        slug: 'exit-entry',
        name: '出入境证件',
        nameEn: 'Passports and travel permits',
        prefix: 'W',
        expectedHandlingMin: 15,
        bookable: true,
        dailyQuota: 200,
        quotaWarning: 180,
        perPersonDailyLimit: 3,
        materials: [ID_CARD, '近期免冠彩色照片（可现场拍摄）', '旧证件（换发时）'],
        materialsEn: [
          ID_CARD_EN,
          'Recent colour photo (can be taken on site)',
          'Previous document (for renewals)',
        ],
      },
      {
        slug: 'traffic',
        name: '交管业务',
        nameEn: 'Traffic police services (licences, vehicles)',
        prefix: 'X',
        expectedHandlingMin: 12,
        bookable: false,
        materials: [ID_CARD, '机动车驾驶证或行驶证'],
        materialsEn: [ID_CARD_EN, 'Driving licence or vehicle registration'],
      },
      {
        slug: 'notary-legal-aid',
        name: '公证法律援助',
        nameEn: 'Notary and legal aid',
        prefix: 'Y',
        expectedHandlingMin: 30,
        bookable: true,
      },
    ],
    windows: [
      // 16 公安受理 windows split by volume, each helping the other police services.
      {
        kind: 'specialised',
        count: 6,
        primary: ['household'],
        secondary: ['exit-entry', 'traffic'],
      },
      { kind: 'specialised', count: 4, primary: ['exit-entry'], secondary: ['household'] },
      { kind: 'specialised', count: 6, primary: ['traffic'], secondary: ['household'] },
      // 8 司法 windows.
      { kind: 'specialised', count: 8, primary: ['notary-legal-aid'] },
    ],
  },
  {
    id: 'G',
    floor: 5,
    name: '项目审批专区',
    nameEn: 'Project Approval',
    location: '五楼北侧',
    locationEn: '5th floor, north side',
    services: [
      {
        slug: 'project-approval',
        name: '项目立项',
        nameEn: 'Project approval and filing',
        prefix: 'XM',
        expectedHandlingMin: 30,
        bookable: true,
        materials: ['项目申请报告或备案表', '项目单位营业执照', '用地预审意见'],
        materialsEn: [
          'Project application report or filing form',
          "Project company's business licence",
          'Preliminary land-use opinion',
        ],
      },
      {
        slug: 'construction-planning',
        name: '工程建设许可',
        nameEn: 'Construction planning permit',
        prefix: 'JS',
        expectedHandlingMin: 30,
        bookable: true,
      },
      {
        slug: 'construction-permit',
        name: '施工许可',
        nameEn: 'Building works permit',
        prefix: 'SG',
        expectedHandlingMin: 25,
        bookable: true,
      },
    ],
    windows: [{ kind: 'general', count: 6, primary: 'zone' }],
  },
];

/** 2026 public holidays (国务院办公厅 schedule), as inclusive date ranges. */
const HOLIDAYS_2026: readonly (readonly [string, string])[] = [
  ['2026-01-01', '2026-01-03'], // 元旦
  ['2026-02-15', '2026-02-23'], // 春节
  ['2026-04-04', '2026-04-06'], // 清明节
  ['2026-05-01', '2026-05-05'], // 劳动节
  ['2026-06-19', '2026-06-21'], // 端午节
  ['2026-09-25', '2026-09-27'], // 中秋节
  ['2026-10-01', '2026-10-07'], // 国庆节
];
/** 2026 adjusted working days (调休上班). */
const EXTRA_WORKING_DAYS_2026 = [
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
];

function dateRange(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

const CALENDAR: Calendar = {
  // The demo is tried at any hour; the rest is what the real hall would use.
  alwaysOpen: true,
  workingDays: [1, 2, 3, 4, 5],
  hours: [
    { open: '09:00', close: '12:00' },
    { open: '13:30', close: '17:00' },
  ],
  holidays: HOLIDAYS_2026.flatMap(([from, to]) => dateRange(from, to)),
  extraWorkingDays: EXTRA_WORKING_DAYS_2026,
  saturdayHours: [{ open: '09:00', close: '12:00' }], // 5+X
};

function toService(zone: ZoneSpec, spec: ServiceSpec): Service {
  const { slug, ...rest } = spec;
  return {
    hours: [],
    lastTicketTime: '16:30',
    dailyQuota: null,
    quotaWarning: null,
    perPersonDailyLimit: null,
    materials: [],
    materialsEn: [],
    ...rest,
    id: serviceId(slug),
    zoneId: zoneId(zone.id),
  };
}

function select(zone: ZoneSpec, selection: Selection): readonly string[] {
  return selection === 'zone' ? zone.services.map((s) => s.slug) : selection;
}

/**
 * The configuration of the demo hall 玉山县行政服务中心 (seed 000): 3 floors, zones A–G,
 * 108 windows, realistic services with their materials, and the 2026 calendar.
 * @returns a fresh configuration
 */
export function demoHallConfig(): HallConfig {
  const windows: WindowDef[] = [];
  const assignments: Assignment[] = [];
  let nextWindow = 1;

  for (const zone of ZONES) {
    for (const group of zone.windows) {
      const primary = select(zone, group.primary);
      const secondary = select(zone, group.secondary ?? []).filter((s) => !primary.includes(s));
      const roles: readonly (readonly [string, AssignmentRole])[] = [
        ...primary.map((s) => [s, 'primary'] as const),
        ...secondary.map((s) => [s, 'secondary'] as const),
      ];
      for (let i = 0; i < group.count; i++) {
        const id = windowId(nextWindow++);
        windows.push({
          id,
          zoneId: zoneId(zone.id),
          kind: group.kind,
          label: null,
          dispatchPolicy: null,
        });
        for (const [slug, role] of roles) {
          assignments.push({ windowId: id, serviceId: serviceId(slug), role, weight: 1 });
        }
      }
    }
  }

  return {
    hall: {
      id: DEMO_HALL_ID,
      name: '玉山县行政服务中心',
      nameEn: 'Yushan County Administrative Service Center',
      timeZone: 'Asia/Shanghai',
      dayCloseTime: '00:00',
    },
    floors: FLOORS,
    zones: ZONES.map((z): Zone => ({
      id: zoneId(z.id),
      floorId: floorId(z.floor),
      name: z.name,
      nameEn: z.nameEn,
      location: z.location,
      locationEn: z.locationEn,
    })),
    services: ZONES.flatMap((z) => z.services.map((s) => toService(z, s))),
    windows,
    assignments,
    calendar: CALENDAR,
    policies: {
      dispatch: 'primary_first',
      priorityInterleave: 3,
      recallLimit: 3,
      recallMinGapSec: 10,
      autoNoShowAfterRecallLimit: true,
      noShowReactivateMin: 30,
      noShowReinsertPosition: 3,
      transferKeepsArrival: true,
      dayClose: 'cancel',
      allowAnonymousIssue: true,
      // The demo's browser rating screen (/rate?window=N) works without pairing.
      allowAnonymousRating: true,
      ratingWindowSec: 60,
    },
  };
}
